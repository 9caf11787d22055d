"""Import the buildings list (楼栋清单): 小区, 楼栋, 单元数, 户数.

A buildings list defines the compounds: a compound that is not there yet is created.
Re-importing a list updates the units and planned households of the buildings already there
(matched by compound and normalized building name) and never duplicates them. A row naming a
building an earlier row of the file named counts the same way (a duplicate when it changes
nothing).

The names' rules (clean_name, normalize_building_name, compound_key) live in :mod:`.names`;
they are named here too for the pages that register buildings by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Final

from office_app.models import Building, Compound

from ..admin import seats
from ..admin.actor import Actor
from .headers import ColumnSpec
from .names import clean_name, compound_key, normalize_building_name
from .reader import RowStream
from .rows import DUPLICATE, IMPORTED, UPDATED, Row, RowOutcome
from .runner import RowImporter, run_import
from .summary import ImportSummary

KIND: Final = "buildings"

BUILDING_COLUMNS: Final = (
    ColumnSpec("compound", "小区", ("小区名称", "居住小区", "所属小区"), required=True),
    ColumnSpec("building", "楼栋", ("楼号", "栋", "幢", "楼栋号", "楼栋名称"), required=True),
    ColumnSpec("units", "单元数", ("单元", "单元数量")),
    ColumnSpec("households", "户数", ("住户数", "户数量", "总户数")),
)

# Sanity limits: beyond them a cell is a typing or column mistake, not a building.
MAX_UNITS: Final = 200
MAX_HOUSEHOLDS: Final = 10_000
# Column sizes of the models (PostgreSQL enforces them, SQLite does not).
COMPOUND_NAME_MAX: Final = 64
BUILDING_NAME_MAX: Final = 32


class BuildingsImporter(RowImporter):
    kind: ClassVar[str] = KIND
    columns: ClassVar[tuple[ColumnSpec, ...]] = BUILDING_COLUMNS
    detail_labels: ClassVar[dict[str, str]] = {"compounds_created": "新建小区"}

    def __init__(self) -> None:
        super().__init__()
        self.details["compounds_created"] = 0
        self._compounds: dict[str, Compound] = {}
        self._buildings: dict[tuple[int, str], Building] = {}

    def start(self, stream: RowStream, columns: Mapping[str, int]) -> None:
        for compound in Compound.select():
            self._compounds.setdefault(compound_key(compound.name), compound)
        for building in Building.select(Building, Compound).join(Compound):
            key = (building.compound.id, normalize_building_name(building.name))
            self._buildings.setdefault(key, building)

    def handle(self, row: Row) -> RowOutcome:
        # Validate the whole row first; write only when it is good.
        compound_name = clean_name(row.required("compound"))
        if len(compound_name) > COMPOUND_NAME_MAX:
            row.reject("compound", f"小区名称过长（最多 {COMPOUND_NAME_MAX} 个字）")
        building_name = normalize_building_name(row.required("building"))
        if len(building_name) > BUILDING_NAME_MAX:
            row.reject("building", f"楼栋名称过长（最多 {BUILDING_NAME_MAX} 个字）")
        units = row.integer("units", minimum=1, maximum=MAX_UNITS)
        households = row.integer("households", minimum=0, maximum=MAX_HOUSEHOLDS)
        ckey = compound_key(compound_name)

        compound = self._compounds.get(ckey)
        if compound is None:
            compound = Compound.create(name=compound_name)
            self._compounds[ckey] = compound
            self.details["compounds_created"] += 1
        bkey = (compound.id, building_name)
        building = self._buildings.get(bkey)
        if building is None:
            building = Building.create(
                compound=compound,
                name=building_name,
                units=units if units is not None else 1,
                households_planned=households if households is not None else 0,
            )
            self._buildings[bkey] = building
            outcome: RowOutcome = IMPORTED
        else:
            changes: dict[str, int] = {}
            if units is not None and units != building.units:
                changes["units"] = units
            if households is not None and households != building.households_planned:
                changes["households_planned"] = households
            if changes:
                Building.update({**changes, **seats.stamp(Building, seats.IMPORT_LABEL)}).where(
                    Building.id == building.id
                ).execute()
                for name, value in changes.items():
                    setattr(building, name, value)
                outcome = UPDATED
            else:
                outcome = DUPLICATE
        return outcome


def import_buildings(actor: Actor, path: Path, *, dry_run: bool = False) -> ImportSummary:
    """Import a buildings list (CSV or .xlsx) in one transaction; see the module docstring.

    Raises ImportFileError / MissingColumns when the file cannot be used (nothing written) and
    PermissionDenied for a read-only operator.
    """
    return run_import(actor, BuildingsImporter(), path, dry_run=dry_run)


__all__ = [
    "BUILDING_COLUMNS",
    "BuildingsImporter",
    "clean_name",
    "compound_key",
    "import_buildings",
    "normalize_building_name",
]
