"""Import the buildings list (楼栋清单): 小区, 楼栋, 单元数, 户数.

A buildings list defines the compounds: a compound that is not there yet is created.
Re-importing a list updates the units and planned households of the buildings already there
(matched by compound and normalized building name) and never duplicates them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Final

from office_app.models import Building, Compound

from ..admin.actor import Actor
from .machinery import (
    DUPLICATE,
    IMPORTED,
    UPDATED,
    ColumnSpec,
    ImportSummary,
    RawTable,
    Row,
    RowImporter,
    RowOutcome,
    SeenKeys,
    run_import,
)

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

_NUMBERED: Final = re.compile(r"第?0*([0-9]+)(?:号楼|号栋|号幢|号|栋|幢|楼|#楼|#)?", re.ASCII)


_SPACE_BY_HANZI = re.compile(r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])")


def clean_name(text: str) -> str:
    """Trimmed, NFKC (full-width letters and digits become half-width), single spaces.

    The same form services.places.buildings gives names typed in the dialogs.
    """
    return " ".join(unicodedata.normalize("NFKC", text).split())


def normalize_building_name(text: str) -> str:
    """Numbered names become "N栋": "3", "3号楼", "3幢", "３栋", "03栋", "3#" → "3栋".

    Other names ("商铺", "A座") stay as written, only cleaned like every name
    (:func:`clean_name`). The one rule for building names: every import uses it.
    """
    # "A 座" and "A座" are one building: no space beside a Chinese character.
    value = _SPACE_BY_HANZI.sub("", clean_name(text))
    match = _NUMBERED.fullmatch(value.replace(" ", ""))
    if match:
        return f"{match.group(1).lstrip('0') or '0'}栋"  # not int(): 4,300 digits at most
    return value


def compound_key(name: str) -> str:
    """Compounds match by name regardless of spaces and full-width forms."""
    return clean_name(name).replace(" ", "")


class BuildingsImporter(RowImporter):
    kind: ClassVar[str] = KIND
    columns: ClassVar[tuple[ColumnSpec, ...]] = BUILDING_COLUMNS
    detail_labels: ClassVar[dict[str, str]] = {"compounds_created": "新建小区"}

    def __init__(self) -> None:
        super().__init__()
        self.details["compounds_created"] = 0
        self._seen = SeenKeys()
        self._compounds: dict[str, Compound] = {}
        self._buildings: dict[tuple[int, str], Building] = {}

    def start(self, table: RawTable, columns: Mapping[str, int]) -> None:
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
        seen_key = (ckey, building_name)
        self._seen.check(row, seen_key, "building")

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
                Building.update(**changes).where(Building.id == building.id).execute()
                for name, value in changes.items():
                    setattr(building, name, value)
                outcome = UPDATED
            else:
                outcome = DUPLICATE
        self._seen.remember(row, seen_key)
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
