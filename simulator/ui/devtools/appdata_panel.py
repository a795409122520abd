"""DevTools' AppData panel: the current page's data as a live tree, editable.

The project mode feeds `show(route, data)` (at most a few times a second while a reply
streams); an edited value (JSON, else a string) goes to `on_edit(path, value)`, which calls
the page's own `setData({path: value})` in the logic layer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from simulator.project.reply import key_text

PATH_ROLE = Qt.ItemDataRole.UserRole
MAX_SHOWN = 200
"""Children shown per list or object (a page's 5,000 messages would freeze the tree)."""


def shown(value: Any) -> str:
    if isinstance(value, dict):
        return f"{{…}} {len(value)}"
    if isinstance(value, list):
        return f"[…] {len(value)}"
    return json.dumps(value, ensure_ascii=False)


def parse_edit(text: str) -> Any:
    """What the person typed: JSON when it is JSON (`3`, `true`, `"a"`, `[1]`), else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


class AppDataPanel(QWidget):
    def __init__(self, on_edit: Callable[[str, Any], None] | None = None) -> None:
        super().__init__()
        self.on_edit = on_edit
        self.route = QLabel()
        self.route.setObjectName("appDataRoute")
        self.tree = QTreeWidget()
        self.tree.setObjectName("appDataTree")
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(self._on_item_changed)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.route)
        column.addWidget(self.tree, 1)
        self.data: dict[str, Any] = {}
        self._filling = False
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("Value")])
        self.tree.setToolTip(self.tr("Double-click a value to edit it: the page's setData"))

    def show_data(self, route: str, data: dict[str, Any]) -> None:
        """Show `data` (the tree keeps which branches were open)."""
        self.data = data
        self.route.setText(route)
        opened = self._opened()
        self._filling = True
        try:
            self.tree.clear()
            self._fill(self.tree.invisibleRootItem(), data, (), opened)
            self.tree.resizeColumnToContents(0)
            self.tree.setColumnWidth(0, min(self.tree.columnWidth(0) + 12, 240))
        finally:
            self._filling = False

    def _opened(self) -> set[str]:
        out: set[str] = set()

        def walk(item: QTreeWidgetItem) -> None:
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None and child.isExpanded():
                    out.add(str(child.data(0, PATH_ROLE)))
                    walk(child)

        walk(self.tree.invisibleRootItem())
        return out

    def _fill(
        self, parent: QTreeWidgetItem, value: Any, path: tuple[Any, ...], opened: set[str]
    ) -> None:
        pairs = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, child in pairs[:MAX_SHOWN]:
            here = (*path, key)
            item = QTreeWidgetItem(parent, [str(key), shown(child)])
            key_path = key_text(here)
            item.setData(0, PATH_ROLE, key_path)
            if isinstance(child, dict | list):
                self._fill(item, child, here, opened)
                item.setExpanded(key_path in opened or not path)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(1, shown(child)[:2000])

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 1 or self.on_edit is None:
            return
        self.on_edit(str(item.data(0, PATH_ROLE)), parse_edit(item.text(1)))

    def find_item(self, key_path: str) -> QTreeWidgetItem | None:
        """The row of a data path (`chatList[1].text`), for tests and the inspector."""
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            for i in range(item.childCount()):
                child = item.child(i)
                if child is None:
                    continue
                if child.data(0, PATH_ROLE) == key_path:
                    found.append(child)
                walk(child)

        walk(self.tree.invisibleRootItem())
        return found[0] if found else None
