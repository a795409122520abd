"""The phone's native UI around a project's page, drawn from `wx.ui` state.

Toast and loading (one layer, the loading's mask blocks taps), modals (the person's click
answers `wx.ui.answer_modal`), action sheets (`answer_action_sheet`), the navigation bar's
title and colours, and the tab bar of app.json. Everything reads the runtime's `NativeUi`
(simulator/wx/ui/state.py) through its events; nothing here decides what the page sees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.ui.phone.phone import PhonePage
from simulator.wx.ui import events as ui
from simulator.wx.ui.state import NativeUi

_ICONS = {"success": "✓", "error": "✕", "loading": "◌", "none": ""}


def _clear(layout: Any) -> None:
    """Empty a layout, nested rows too: the old widgets leave the box at once."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


class _Cover(QFrame):
    """Covers the screen (below the status bar); `dim` greys it as a modal mask does."""

    def __init__(self, screen: QWidget, name: str) -> None:
        super().__init__(screen)
        self.setObjectName(name)
        self.hide()

    def cover(self, screen: QWidget, dim: bool) -> None:
        self.setGeometry(0, 0, screen.width(), screen.height())
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: rgba(0,0,0,{0.45 if dim else 0}); }}"
        )
        self.raise_()
        self.show()


class TabBarView(QFrame):
    """app.json's tabBar: its items' text (colours from the config); taps switch tabs."""

    def __init__(self, config: dict[str, Any], on_tap: Callable[[int], None]) -> None:
        super().__init__()
        self.setObjectName("projectTabBar")
        self.config = config
        self.on_tap = on_tap
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.setSpacing(0)
        self.buttons: list[QPushButton] = []
        self.selected = 0
        background = str(config.get("backgroundColor") or "#f7f7f7")
        self.setStyleSheet(
            f"#projectTabBar {{ background: {background}; border-top: 1px solid #e5e5e5; }}"
        )
        for index, item in enumerate(config.get("list") or []):
            button = QPushButton(str(item.get("text", "")))
            button.setFlat(True)
            button.setObjectName("projectTab")
            button.clicked.connect(lambda _=False, i=index: self.on_tap(i))
            row.addWidget(button, 1)
            self.buttons.append(button)
        self.select(0)

    def select(self, index: int) -> None:
        self.selected = index
        color = str(self.config.get("color") or "#7a7e83")
        chosen = str(self.config.get("selectedColor") or "#07c160")
        for i, button in enumerate(self.buttons):
            button.setStyleSheet(f"color: {chosen if i == index else color}; border: none;")

    def show_state(self, state: ui.TabBar) -> None:
        self.setVisible(state.visible)
        for button, item in zip(self.buttons, state.items, strict=False):
            base = button.text().split(" ·")[0]
            mark = f" ·{item.badge}" if item.badge else (" ·" if item.red_dot else "")
            button.setText(base + mark)


class NativeChrome(QObject):
    """Draws one runtime's native UI in the phone; `detach()` before the runtime closes."""

    def __init__(self, phone: PhonePage, native: NativeUi) -> None:
        super().__init__(phone)
        self.phone = phone
        self.native = native
        self.screen: QWidget = phone.chat.parentWidget()  # type: ignore[assignment]
        self.toast_cover = _Cover(self.screen, "projectToastMask")
        self.toast = QLabel(self.screen)
        self.toast.setObjectName("projectToast")
        self.toast.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toast.setWordWrap(True)
        self.toast.setStyleSheet(
            "#projectToast { background: rgba(17,17,17,0.72); color: white; border-radius: 8px;"
            " padding: 14px; font-size: 15px; }"
        )
        self.toast.hide()
        self.modal_cover = _Cover(self.screen, "projectModalMask")
        self.modal_box = QFrame(self.modal_cover)
        self.modal_box.setObjectName("projectModal")
        self.modal_box.setStyleSheet(
            "#projectModal { background: white; border-radius: 12px; }"
            " #projectModal QPushButton { border: none; padding: 12px; font-size: 16px; }"
        )
        self.modal_layout = QVBoxLayout(self.modal_box)
        self.sheet_cover = _Cover(self.screen, "projectSheetMask")
        self.sheet_box = QFrame(self.sheet_cover)
        self.sheet_box.setObjectName("projectSheet")
        self.sheet_box.setStyleSheet(
            "#projectSheet { background: #f7f7f7; border-top-left-radius: 12px;"
            " border-top-right-radius: 12px; } #projectSheet QPushButton { background: white;"
            " border: none; padding: 14px; font-size: 16px; }"
        )
        self.sheet_layout = QVBoxLayout(self.sheet_box)
        self.modal_edit: QLineEdit | None = None
        self.modal_id: int | None = None
        self.sheet_id: int | None = None
        self.tab_bar: TabBarView | None = None
        self._unsubscribe = native.subscribe(self.on_ui_event)
        self.screen.installEventFilter(self)
        self.show_navigation_bar(native.navigation_bar)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.screen and event.type() == QEvent.Type.Resize:
            self.refresh()
        return False

    def detach(self) -> None:
        self._unsubscribe()
        self.screen.removeEventFilter(self)
        for widget in (self.toast, self.toast_cover, self.modal_cover, self.sheet_cover):
            widget.hide()
            widget.deleteLater()

    def refresh(self) -> None:
        self.show_toast(self.native.toast)
        self.show_modal()
        self.show_sheet()

    # -- events ----------------------------------------------------------------------------
    def on_ui_event(self, event: ui.UiEvent) -> None:
        if isinstance(event, ui.ToastShown | ui.ToastHidden):
            self.show_toast(self.native.toast)
        elif isinstance(event, ui.ModalOpened | ui.ModalClosed):
            self.show_modal()
        elif isinstance(event, ui.ActionSheetOpened | ui.ActionSheetClosed):
            self.show_sheet()
        elif isinstance(event, ui.NavigationBarChanged):
            self.show_navigation_bar(event.bar)
        elif isinstance(event, ui.TabBarChanged) and self.tab_bar is not None:
            self.tab_bar.show_state(event.tab_bar)

    # -- navigation bar --------------------------------------------------------------------
    def show_navigation_bar(self, bar: ui.NavigationBar) -> None:
        nav = self.phone.nav_bar
        nav.title.setText(("◌ " if bar.loading else "") + bar.title)
        nav.setStyleSheet(
            f"#navBar {{ background: {bar.background_color}; }}"
            f" #navTitle, #navHome {{ color: {bar.front_color}; }}"
        )

    # -- toast / loading -------------------------------------------------------------------
    def show_toast(self, toast: ui.Toast | None) -> None:
        if toast is None:
            self.toast.hide()
            self.toast_cover.hide()
            return
        icon = "◌" if toast.kind == "loading" else _ICONS.get(str(toast.icon), "")
        self.toast.setText(f"{icon}\n{toast.title}" if icon else toast.title)
        width = min(160 if icon else 260, self.screen.width() - 40)
        self.toast.setFixedWidth(width)
        self.toast.adjustSize()
        self.toast.move(
            (self.screen.width() - width) // 2, (self.screen.height() - self.toast.height()) // 2
        )
        if toast.mask:  # the platform's mask: taps do not reach the page
            self.toast_cover.cover(self.screen, dim=False)
        else:
            self.toast_cover.hide()
        self.toast.raise_()
        self.toast.show()

    # -- modal -----------------------------------------------------------------------------
    def show_modal(self) -> None:
        modals = self.native.modals
        if not modals:
            self.modal_id = None
            self.modal_cover.hide()
            return
        modal = modals[0]
        self.modal_cover.cover(self.screen, dim=True)
        if self.modal_id == modal.id:
            self._place(self.modal_box, centre=True)
            return
        self.modal_id = modal.id
        layout = self.modal_layout
        _clear(layout)
        if modal.title:
            title = QLabel(modal.title)
            title.setObjectName("projectModalTitle")
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold; font-size: 17px; padding: 16px 16px 4px;")
            layout.addWidget(title)
        self.modal_edit = None
        if modal.editable:
            self.modal_edit = QLineEdit(modal.content)
            self.modal_edit.setPlaceholderText(modal.placeholder_text)
            layout.addWidget(self.modal_edit)
        elif modal.content:
            content = QLabel(modal.content)
            content.setWordWrap(True)
            content.setAlignment(Qt.AlignmentFlag.AlignCenter)
            content.setStyleSheet("color: #555; font-size: 15px; padding: 8px 16px 16px;")
            layout.addWidget(content)
        row = QHBoxLayout()
        if modal.show_cancel:
            cancel = QPushButton(modal.cancel_text)
            cancel.setObjectName("projectModalCancel")
            cancel.setStyleSheet(f"color: {modal.cancel_color};")
            cancel.clicked.connect(lambda: self.answer_modal(modal.id, False))
            row.addWidget(cancel)
        confirm = QPushButton(modal.confirm_text)
        confirm.setObjectName("projectModalConfirm")
        confirm.setStyleSheet(f"color: {modal.confirm_color}; font-weight: bold;")
        confirm.clicked.connect(lambda: self.answer_modal(modal.id, True))
        row.addWidget(confirm)
        layout.addLayout(row)
        self._place(self.modal_box, centre=True)

    def answer_modal(self, modal_id: int, confirm: bool) -> None:
        content = self.modal_edit.text() if self.modal_edit is not None and confirm else ""
        self.native.answer_modal(modal_id, ui.ModalAnswer(confirm, content))

    # -- action sheet ----------------------------------------------------------------------
    def show_sheet(self) -> None:
        sheets = self.native.action_sheets
        if not sheets:
            self.sheet_id = None
            self.sheet_cover.hide()
            return
        sheet = sheets[0]
        self.sheet_cover.cover(self.screen, dim=True)
        if self.sheet_id != sheet.id:
            self.sheet_id = sheet.id
            layout = self.sheet_layout
            _clear(layout)
            layout.setSpacing(1)
            layout.setContentsMargins(0, 0, 0, 0)
            if sheet.alert_text:
                alert = QLabel(sheet.alert_text)
                alert.setAlignment(Qt.AlignmentFlag.AlignCenter)
                alert.setStyleSheet("color: #888; padding: 12px; background: white;")
                layout.addWidget(alert)
            for index, item in enumerate(sheet.items):
                button = QPushButton(item)
                button.setObjectName("projectSheetItem")
                button.setStyleSheet(f"color: {sheet.item_color};")
                button.clicked.connect(
                    lambda _=False, i=index, s=sheet.id: self.native.answer_action_sheet(s, i)
                )
                layout.addWidget(button)
            layout.addSpacing(6)
            cancel = QPushButton(self.tr("Cancel"))
            cancel.setObjectName("projectSheetCancel")
            cancel.clicked.connect(
                lambda _=False, s=sheet.id: self.native.answer_action_sheet(s, None)
            )
            layout.addWidget(cancel)
        self._place(self.sheet_box, centre=False)

    def _place(self, box: QFrame, centre: bool) -> None:
        width = self.screen.width() - (64 if centre else 0)
        box.setFixedWidth(width)
        layout = box.layout()
        assert layout is not None
        for child in box.findChildren(QWidget):  # rows added to a shown box start hidden,
            child.show()  # and a layout does not count hidden rows
        layout.invalidate()
        layout.activate()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        box.setFixedHeight(max(height, layout.totalSizeHint().height()))
        x = (self.screen.width() - width) // 2
        bottom = self.screen.height() - box.height()
        box.move(x, (self.screen.height() - box.height()) // 2 if centre else bottom)
        box.show()
