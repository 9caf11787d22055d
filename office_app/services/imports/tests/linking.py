"""Linking a test record to a registered resident (by document number) or building (by
address): the look-up tables, loaded once per import, and the linking of stored records that
had none (:func:`link_unmatched`)."""

from __future__ import annotations

from typing import cast

from office_app.models import (
    Building,
    Compound,
    Household,
    Resident,
    TestRecord,
    db,
)

from ..names import (
    compound_key,
    normalize_building_name,
)
from .checks import ParsedRow


class Linker:
    """Residents by document number, buildings by address: loaded once per import."""

    def __init__(self) -> None:
        # The rows as the driver gives them (ints and strs already): peewee's conversion of
        # each row cost 0.055 s against 0.012 s for the 31,000 residents of a subdistrict.
        rows = db.execute(
            Resident.select(Resident.doc_no, Resident.id, Household.building)
            .join(Household)
            .order_by(Resident.id)
        ).fetchall()
        self.residents: dict[str, tuple[int, int]] = {}
        for doc_no, resident_id, building_id in cast(list[tuple[str, int, int]], rows):
            self.residents.setdefault(doc_no, (resident_id, building_id))
        self.buildings: dict[tuple[str, str], int] = {}
        self.labels: dict[int, str] = {}
        compounds: set[str] = set()
        buildings = db.execute(
            Building.select(Building.id, Building.name, Compound.name).join(Compound)
        ).fetchall()
        for building_id, building_name, compound_name in cast(
            list[tuple[int, str, str]], buildings
        ):
            compounds.add(compound_name)
            key = (compound_key(compound_name), normalize_building_name(building_name))
            self.buildings.setdefault(key, building_id)
            self.labels[building_id] = f"{compound_name} {building_name}"
        self.compounds = tuple(sorted(compounds))

    def link(self, row: ParsedRow) -> tuple[int | None, int | None]:
        found = self.residents.get(row.doc_no)
        if found is not None:
            return found
        if row.compound and row.building:
            return None, self.buildings.get((compound_key(row.compound), row.building))
        return None, None


def link_unmatched() -> int:
    """Link stored records without a building, as an import would now; how many changed.

    Call inside the caller's transaction.
    """
    linker = Linker()
    changed = 0
    rows = (
        TestRecord.select(
            TestRecord.id,
            TestRecord.doc_no,
            TestRecord.compound_name,
            TestRecord.building_name,
        )
        .where(TestRecord.building.is_null(True))
        .tuples()
    )
    for record_id, doc_no, compound, building in cast(list[tuple[int, str, str, str]], list(rows)):
        found = linker.residents.get(doc_no)
        if found is None and compound and building:
            building_id = linker.buildings.get((compound_key(compound), building))
            found = (None, building_id) if building_id else None  # type: ignore[assignment]
        if found is None:
            continue
        TestRecord.update(resident=found[0], building=found[1]).where(
            TestRecord.id == record_id
        ).execute()
        changed += 1
    return changed


__all__ = [
    "Linker",
    "link_unmatched",
]
