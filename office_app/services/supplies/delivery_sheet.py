"""What a distribution round's delivery sheet (物资送达签收单) shows, building by building:
every planned household with one contact (its phone masked: the full number never leaves
the service), its special groups, its goods and whether and by whom it was delivered
(reports/delivery_sheet.py prints it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from office_app.models import Household, Resident
from office_app.services.admin import settings
from office_app.services.clock import now
from office_app.services.people.identity import mask_phone

from . import stock as S


@dataclass(frozen=True)
class SheetRow:
    unit: str
    room: str
    contact: str
    phone_masked: str
    groups: tuple[str, ...]
    goods: str  # "蔬菜包 1份" or "大米 1袋、食用油 1桶"
    delivered: str  # "" or "11-22 09:10 崔亚涛"


@dataclass(frozen=True)
class BuildingSheet:
    building_id: int
    label: str
    risk_level: str
    rows: list[SheetRow]

    @property
    def delivered(self) -> int:
        return sum(1 for row in self.rows if row.delivered)


@dataclass(frozen=True)
class Sheet:
    round: S.RoundInfo
    community: str
    subdistrict: str
    printed_at: dt.datetime
    buildings: list[BuildingSheet]


def _contacts(household_ids: list[int]) -> dict[int, tuple[str, str]]:
    """One contact per household: its first resident with a phone, else its first resident."""
    result: dict[int, tuple[str, str]] = {}
    if not household_ids:
        return result
    query = (
        Resident.select(Resident.household, Resident.name, Resident.phone)
        .join(Household)
        .where(Resident.household.in_(household_ids))
        .order_by(Resident.household, Resident.phone == "", Resident.id)
    )
    rows = cast(list[tuple[int, str, str]], list(query.tuples()))
    for household_id, name, phone in rows:
        result.setdefault(household_id, (name, phone))
    return result


def gather(
    round_id: int, building_ids: list[int] | None = None, printed_at: dt.datetime | None = None
) -> Sheet:
    info = S.get_round(round_id)
    lines = S.round_buildings(round_id)
    labels: dict[int, tuple[str, str]] = {}
    for line in lines:
        labels.setdefault(line.building_id, (line.label, line.risk_level))
    ids = [bid for bid in labels if building_ids is None or bid in building_ids]
    buildings = []
    for bid in ids:
        planned = S.planned_households(round_id, bid)
        contacts = _contacts(sorted({p.household.id for p in planned}))
        goods: dict[int, list[str]] = defaultdict(list)
        delivered: dict[int, str] = {}
        order: list[S.HouseholdInfo] = []
        for p in planned:
            if p.household.id not in goods:
                order.append(p.household)
            goods[p.household.id].append(f"{p.product} {p.quantity}{p.unit}")
            if p.delivered_at is not None and p.household.id not in delivered:
                delivered[p.household.id] = f"{p.delivered_at:%m-%d %H:%M} {p.volunteer}".strip()
        rows = []
        for household in order:
            name, phone = contacts.get(household.id, ("", ""))
            rows.append(
                SheetRow(
                    household.unit,
                    household.room,
                    name,
                    mask_phone(phone) if phone else "",
                    household.groups,
                    "、".join(goods[household.id]),
                    delivered.get(household.id, ""),
                )
            )
        label, level = labels[bid]
        buildings.append(BuildingSheet(bid, label, level, rows))
    community = settings.load()
    return Sheet(info, community.community, community.subdistrict, printed_at or now(), buildings)


__all__ = ["BuildingSheet", "Sheet", "SheetRow", "gather"]
