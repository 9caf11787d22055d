"""新建 / 编辑楼栋: compound, name, units, planned households and a note."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from office_app.services.places import buildings
from office_app.services.places.buildings import BuildingData

from .form import EditDialog, parse_count


class BuildingDialog(EditDialog):
    def __init__(
        self,
        *,
        compounds: list[str],
        initial: BuildingData,
        building_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            QCoreApplication.translate("BuildingDialog", "New building")
            if building_id is None
            else QCoreApplication.translate("BuildingDialog", "Edit building")
        )
        super().__init__(title, parent)
        self.building_id = building_id
        self.version = initial.version

        self.compound = QComboBox(self)
        self.compound.setObjectName("compound")
        self.compound.setEditable(True)
        self.compound.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.compound.addItems(compounds)
        self.compound.setCurrentText(initial.compound)
        self.name = QLineEdit(initial.name, self)
        self.name.setObjectName("name")
        self.name.setPlaceholderText(QCoreApplication.translate("BuildingDialog", "e.g. 3栋"))
        self.units = QLineEdit(str(initial.units), self)
        self.units.setObjectName("units")
        self.households = QLineEdit(str(initial.households), self)
        self.households.setObjectName("households")
        for edit in (self.units, self.households):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(120)
        self.note = QLineEdit(initial.note, self)
        self.note.setObjectName("note")

        self.add_field(
            "compound", QCoreApplication.translate("BuildingDialog", "Compound"), self.compound
        )
        self.add_field("name", QCoreApplication.translate("BuildingDialog", "Building"), self.name)
        self.add_field("units", QCoreApplication.translate("BuildingDialog", "Units"), self.units)
        self.add_field(
            "households",
            QCoreApplication.translate("BuildingDialog", "Planned households"),
            self.households,
        )
        self.add_field("note", QCoreApplication.translate("BuildingDialog", "Note"), self.note)

        self.compound.currentTextChanged.connect(lambda _t: self.touch("compound"))
        self.name.textChanged.connect(lambda _t: self.touch("name"))
        self.units.textChanged.connect(lambda _t: self.touch("units"))
        self.households.textChanged.connect(lambda _t: self.touch("households"))
        self.note.textChanged.connect(lambda _t: self.touch("note"))
        self.finish()
        (self.name if building_id is None and initial.compound else self.compound).setFocus()

    # --- values -------------------------------------------------------------------------

    def data(self) -> BuildingData | None:
        """The values as a ``BuildingData``, or None while a number does not parse."""
        units = parse_count(self.units.text())
        households = parse_count(self.households.text())
        if units is None or households is None:
            return None
        return BuildingData(
            compound=self.compound.currentText(),
            name=self.name.text(),
            units=units,
            households=households,
            note=self.note.text(),
            version=self.version,
        )

    def check_current(self) -> None:
        if self.building_id is not None:
            buildings.check_current(self.building_id, self.version)

    def snapshot(self) -> object:
        return (
            self.compound.currentText(),
            self.name.text(),
            self.units.text(),
            self.households.text(),
            self.note.text(),
        )

    def problems(self) -> dict[str, str]:
        not_a_number = QCoreApplication.translate("BuildingDialog", "Enter a whole number.")
        units = parse_count(self.units.text())
        households = parse_count(self.households.text())
        data = BuildingData(
            compound=self.compound.currentText(),
            name=self.name.text(),
            units=units if units is not None else 1,
            households=households if households is not None else 0,
            note=self.note.text(),
        )
        found = buildings.validate_building(data, self.building_id)
        if units is None:
            found["units"] = not_a_number
        if households is None:
            found["households"] = not_a_number
        return found

    def notes(self) -> dict[str, str]:
        found = {}
        compound = buildings.clean_text(self.compound.currentText())
        if compound:
            existing = buildings.find_compound(compound)
            if existing is None:
                found["compound"] = QCoreApplication.translate(
                    "BuildingDialog", "Saving creates the compound {name}."
                ).format(name=compound)
            elif existing.name != compound:
                found["compound"] = QCoreApplication.translate(
                    "BuildingDialog", "Saved in {name}."
                ).format(name=existing.name)
        typed = buildings.clean_text(self.name.text())
        saved = buildings.building_name(typed)
        if typed and saved != typed:
            found["name"] = QCoreApplication.translate("BuildingDialog", "Saved as {name}.").format(
                name=saved
            )
        return found

    @classmethod
    def ask(
        cls,
        parent: QWidget | None = None,
        *,
        initial: BuildingData | None = None,
        building_id: int | None = None,
    ) -> BuildingData | None:
        """Show the dialog; the values entered, or None when cancelled."""
        names = [c.name for c in buildings.compounds()]
        start = initial or BuildingData(names[0] if names else "", "", 1, 0)
        dialog = cls(compounds=names, initial=start, building_id=building_id, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.data()
        return None
