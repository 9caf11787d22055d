"""岗位: the posts of the roster (gates, test site, supply point, patrol, hotline) with their
minimum staffing. Add one, change one, or make one inactive (posts are never deleted)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from office_app.services import choices
from office_app.services.admin.actor import Actor, PermissionDenied
from office_app.services.choices import POST_KINDS
from office_app.services.volunteers import roster as R

from . import messages
from .form import error_color

ID_ROLE = Qt.ItemDataRole.UserRole


class PostsDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.changed = False
        self.post_id: int | None = None
        self.setWindowTitle(QCoreApplication.translate("PostsDialog", "Posts"))
        self.setMinimumSize(720, 440)
        self.list = QListWidget(self)
        self.list.setObjectName("postList")
        self.new_button = QPushButton(QCoreApplication.translate("PostsDialog", "New post"), self)
        self.new_button.setObjectName("newPost")
        self.kind = QComboBox(self)
        self.kind.setObjectName("postKind")
        for kind in POST_KINDS:
            self.kind.addItem(kind, kind)
        self.name = QLineEdit(self)
        self.name.setObjectName("postName")
        self.compound = QComboBox(self)
        self.compound.setObjectName("postCompound")
        self.compound.addItem(QCoreApplication.translate("PostsDialog", "(whole community)"), None)
        for cid, label in choices.compounds():
            self.compound.addItem(label, cid)
        self.building = QComboBox(self)
        self.building.setObjectName("postBuilding")
        self.building.addItem(
            QCoreApplication.translate("PostsDialog", "(not inside a building)"), None
        )
        for bid, label in choices.buildings():
            self.building.addItem(label, bid)
        self.building.setToolTip(
            QCoreApplication.translate(
                "PostsDialog",
                "A post inside one building: a volunteer living in that building may serve "
                "there while it is sealed.",
            )
        )
        self.min_staff = QSpinBox(self)
        self.min_staff.setObjectName("postMinStaff")
        self.min_staff.setRange(1, R.MAX_MIN_STAFF)
        self.active = QCheckBox(QCoreApplication.translate("PostsDialog", "In use"), self)
        self.active.setObjectName("postActive")
        self.problem = QLabel(self)
        self.problem.setObjectName("postProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {error_color()};")
        self.save_button = QPushButton(QCoreApplication.translate("PostsDialog", "Save"), self)
        self.save_button.setObjectName("savePost")
        self.save_button.setDefault(True)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("PostsDialog", "Kind"), self.kind)
        form.addRow(QCoreApplication.translate("PostsDialog", "Name"), self.name)
        form.addRow(QCoreApplication.translate("PostsDialog", "Compound"), self.compound)
        form.addRow(QCoreApplication.translate("PostsDialog", "Inside building"), self.building)
        form.addRow(QCoreApplication.translate("PostsDialog", "At least on duty"), self.min_staff)
        form.addRow("", self.active)
        form.addRow("", self.problem)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        right.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(close)
        self.list.currentItemChanged.connect(lambda *_a: self._show_current())
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.name.returnPressed.connect(self.save)
        writable = actor.can_write
        for widget in (self.new_button, self.save_button):
            widget.setEnabled(writable)
        self._fill()

    def _fill(self, select: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for post in R.all_posts():
            text = f"{post.name} · {post.kind} · ≥{post.min_staff}"
            if not post.active:
                text += " · " + QCoreApplication.translate("PostsDialog", "not in use")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, post.id)
            self.list.addItem(item)
            if post.id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._show_current()

    def _show_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.start_new()
            return
        post = next((p for p in R.all_posts() if p.id == item.data(ID_ROLE)), None)
        if post is None:
            return
        self.post_id = post.id
        self.kind.setCurrentIndex(max(0, self.kind.findData(post.kind)))
        self.name.setText(post.name)
        self.compound.setCurrentIndex(max(0, self.compound.findData(post.compound_id)))
        self.building.setCurrentIndex(max(0, self.building.findData(post.building_id)))
        self.min_staff.setValue(post.min_staff)
        self.active.setChecked(post.active)
        self.problem.setText("")

    def start_new(self) -> None:
        self.post_id = None
        self.list.blockSignals(True)
        self.list.setCurrentItem(None)
        self.list.blockSignals(False)
        self.name.clear()
        self.compound.setCurrentIndex(0)
        self.building.setCurrentIndex(0)
        self.min_staff.setValue(1)
        self.active.setChecked(True)
        self.problem.setText("")
        self.name.setFocus()

    def data(self) -> R.PostData:
        return R.PostData(
            kind=str(self.kind.currentData()),
            name=self.name.text(),
            min_staff=self.min_staff.value(),
            compound_id=self.compound.currentData(),
            building_id=self.building.currentData(),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        problems = R.post_problems(self.data(), self.post_id)
        if problems:
            self.problem.setText("\n".join(problems.values()))
            return
        try:
            post_id = R.save_post(self.actor, self.data(), self.post_id)
        except (R.RosterError, PermissionDenied) as exc:
            messages.warn(self, QCoreApplication.translate("PostsDialog", "Not saved"), str(exc))
            return
        self.changed = True
        self._fill(select=post_id)
