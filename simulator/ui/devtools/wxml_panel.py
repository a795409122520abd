"""DevTools' WXML panel: the shown page's element tree with attributes; hovering a row
outlines that element in the phone (the view's `tree` / `highlight {nid}` messages)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

NID_ROLE = Qt.ItemDataRole.UserRole
MAX_ATTR = 60


def kebab(name: str) -> str:
    """The renderer keeps attributes camelCased (`scrollIntoView`); WXML spells them
    `scroll-into-view`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def label(node: dict[str, Any]) -> str:
    """`<scroll-view class="messages" scroll-y>` as the developer wrote it."""
    if "text" in node and "tag" not in node:
        return repr(str(node["text"]))[1:-1][:200]
    attrs = []
    for key, value in (node.get("attrs") or {}).items():
        name = kebab(str(key))
        if value is True or value == "":
            attrs.append(name)
        else:
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            text = text if len(text) <= MAX_ATTR else text[: MAX_ATTR - 1] + "…"
            attrs.append(f'{name}="{text}"')
    inside = " ".join([str(node.get("tag", "")), *attrs])
    return f"<{inside}>"


class WxmlPanel(QWidget):
    def __init__(
        self,
        on_refresh: Callable[[], None] | None = None,
        on_hover: Callable[[int | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.on_hover = on_hover
        self.refresh_button = QPushButton()
        if on_refresh is not None:
            self.refresh_button.clicked.connect(on_refresh)
        self.tree = QTreeWidget()
        self.tree.setObjectName("wxmlTree")
        self.tree.setHeaderHidden(True)
        self.tree.setMouseTracking(True)
        self.tree.itemEntered.connect(self._on_entered)
        self.tree.viewport().installEventFilter(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.tree, 1)
        self.retranslate()

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave and self.on_hover is not None:
            self.on_hover(None)
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.tree.setToolTip(self.tr("Hover an element to outline it in the phone"))

    def show_tree(self, nodes: list[dict[str, Any]]) -> None:
        self.tree.clear()
        self._fill(self.tree.invisibleRootItem(), nodes, 0)

    def _fill(self, parent: QTreeWidgetItem, nodes: list[dict[str, Any]], depth: int) -> None:
        for node in nodes:
            item = QTreeWidgetItem(parent, [label(node)])
            if node.get("nid") is not None:
                item.setData(0, NID_ROLE, int(node["nid"]))
            if node.get("component"):
                item.setToolTip(0, str(node["component"].get("path", "")))
            children = node.get("children") or []
            if children:
                self._fill(item, children, depth + 1)
                item.setExpanded(depth < 4)

    def _on_entered(self, item: QTreeWidgetItem, _column: int) -> None:
        nid = item.data(0, NID_ROLE)
        if self.on_hover is not None:
            self.on_hover(int(nid) if nid is not None else None)

    def labels(self) -> list[str]:
        """Every row's text, depth first (tests, search)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None:
                    out.append(child.text(0))
                    walk(child)

        walk(self.tree.invisibleRootItem())
        return out
