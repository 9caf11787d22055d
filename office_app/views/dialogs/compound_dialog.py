"""编辑小区: name, address and community area (片区)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from office_app.services.places import buildings
from office_app.services.places.buildings import CompoundData

from .form import EditDialog


class CompoundDialog(EditDialog):
    def __init__(
        self,
        initial: CompoundData,
        *,
        compound_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("CompoundDialog", "New compound")
            if compound_id is None
            else QCoreApplication.translate("CompoundDialog", "Edit compound"),
            parent,
        )
        self.compound_id = compound_id
        self.version = initial.version
        if compound_id is not None and self.version is None:
            # The version the compound has as the editor opens: another seat's save since
            # then is refused (check_current), not silently overwritten.
            self.version = buildings.get_compound(compound_id).version
        self.name = QLineEdit(initial.name, self)
        self.name.setObjectName("name")
        self.address = QLineEdit(initial.address, self)
        self.address.setObjectName("address")
        self.area = QLineEdit(initial.area, self)
        self.area.setObjectName("area")
        self.add_field("name", QCoreApplication.translate("CompoundDialog", "Name"), self.name)
        self.add_field(
            "address", QCoreApplication.translate("CompoundDialog", "Address"), self.address
        )
        self.add_field("area", QCoreApplication.translate("CompoundDialog", "Area"), self.area)
        self.name.textChanged.connect(lambda _t: self.touch("name"))
        self.address.textChanged.connect(lambda _t: self.touch("address"))
        self.area.textChanged.connect(lambda _t: self.touch("area"))
        self.finish()
        self.name.setFocus()

    def data(self) -> CompoundData:
        return CompoundData(
            self.name.text(), self.address.text(), self.area.text(), version=self.version
        )

    def snapshot(self) -> object:
        return (self.name.text(), self.address.text(), self.area.text())

    def check_current(self) -> None:
        if self.compound_id is not None:
            buildings.check_compound_current(self.compound_id, self.version)

    def problems(self) -> dict[str, str]:
        return buildings.validate_compound(self.data(), self.compound_id)

    @classmethod
    def ask(
        cls,
        initial: CompoundData,
        *,
        compound_id: int | None = None,
        parent: QWidget | None = None,
    ) -> CompoundData | None:
        dialog = cls(initial, compound_id=compound_id, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.data()
        return None
