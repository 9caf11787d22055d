"""Import the residents list (居民名单): 姓名, 证件, 电话, 小区/楼栋/单元/房号, 特殊人群.

A residents list never defines buildings: a row naming a building that is not registered is
rejected (import the buildings list first). Households (户) are found or created by building,
unit and room. Residents are matched by document number: re-importing a list updates the name,
document type, phone or landline, household and special groups of the residents already there
and never duplicates them. A row that changes nothing counts as a duplicate, also when it
repeats an earlier row of the file.

Phones: one cell holds one number. A mobile number replaces the stored mobile number, a
landline replaces the stored landline, and a blank cell leaves both as they are. Special groups:
the file's groups replace the stored ones whenever the file has the column (a blank cell or
"无" clears them).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Final

from office_app.models import Building, Compound, Household, Resident, ResidentGroup
from office_app.models.base import now
from office_app.models.people import SPECIAL_GROUPS

from ..admin import seats
from ..admin.actor import Actor
from ..people.identity import (
    DocumentType,
    birth_date_from_id,
    check_document,
    check_landline,
    check_mobile,
    gender_from_id,
    parse_document_type,
)
from .headers import ColumnSpec
from .names import clean_name, compound_key, normalize_building_name, normalize_room, normalize_unit
from .reader import RowStream
from .rows import DUPLICATE, IMPORTED, UPDATED, Row, RowOutcome
from .runner import RowImporter, run_import
from .summary import ImportSummary

KIND: Final = "residents"

RESIDENT_COLUMNS: Final = (
    ColumnSpec("name", "姓名", ("居民姓名", "人员姓名"), required=True),
    ColumnSpec("doc_type", "证件类型", ("身份证件类别", "证件种类")),
    ColumnSpec(
        "doc_no",
        "证件号码",
        ("身份证号", "身份证号码", "公民身份号码", "证件号"),
        required=True,
    ),
    ColumnSpec("phone", "手机号", ("手机号码", "联系电话", "电话", "联系方式")),
    ColumnSpec("compound", "小区", ("小区名称", "居住小区"), required=True),
    ColumnSpec("building", "楼栋", ("楼号", "栋", "幢"), required=True),
    ColumnSpec("unit", "单元", ("单元号",)),
    ColumnSpec("room", "房号", ("房间号", "门牌号", "室号"), required=True),
    ColumnSpec("groups", "特殊人群", ("人群类别", "特殊群体")),
)

# Column sizes of the models (PostgreSQL enforces them, SQLite does not).
NAME_MAX: Final = 64
DOC_NO_MAX: Final = 32
UNIT_MAX: Final = 16
ROOM_MAX: Final = 16

# Words people write for the special groups, besides the groups' own names.
GROUP_SYNONYMS: Final[dict[str, str]] = {
    "透析": "慢病·透析",
    "慢病": "慢病·透析",
    "慢性病": "慢病·透析",
    "慢病透析": "慢病·透析",
    "孕产妇": "孕妇",
    "学生": "网课学生",
    "网课": "网课学生",
    "老人": "高龄",
    "80岁以上": "高龄",
    "婴儿": "婴幼儿",
    "幼儿": "婴幼儿",
    "残疾": "残障",
    "残疾人": "残障",
}
# A cell that says "none".
_NO_GROUP: Final = frozenset({"无", "没有", "-", "—", "/"})
_GROUP_SEPARATORS: Final = re.compile(r"[、,，;；/\s]+")
_MIDDLE_DOTS: Final = re.compile(r"[·•・‧.．]")

_ID_NUMBER_TYPES: Final = (
    DocumentType.ID_CARD,
    DocumentType.HOUSEHOLD_REGISTER,
    DocumentType.RESIDENCE_PERMIT,
)


def _group_key(word: str) -> str:
    return _MIDDLE_DOTS.sub("", unicodedata.normalize("NFKC", word))


_GROUP_WORDS: Final[dict[str, str]] = {
    **{_group_key(g): g for g in SPECIAL_GROUPS},
    **{_group_key(word): group for word, group in GROUP_SYNONYMS.items()},
}


def parse_groups(text: str) -> tuple[list[str], list[str]]:
    """The special groups in a cell, in SPECIAL_GROUPS order, and the words not understood.

    Groups are separated by 、 , ， ; ； / or spaces; "慢病/透析" is one group written twice.
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if value in _NO_GROUP:
        return [], []
    found: set[str] = set()
    unknown: list[str] = []
    for word in _GROUP_SEPARATORS.split(value):
        if not word or word in _NO_GROUP:
            continue
        group = _GROUP_WORDS.get(_group_key(word))
        if group is None:
            unknown.append(word)
        else:
            found.add(group)
    return [g for g in SPECIAL_GROUPS if g in found], unknown


class ResidentsImporter(RowImporter):
    kind: ClassVar[str] = KIND
    columns: ClassVar[tuple[ColumnSpec, ...]] = RESIDENT_COLUMNS
    detail_labels: ClassVar[dict[str, str]] = {"households_created": "新建户"}

    def __init__(self) -> None:
        super().__init__()
        self.details["households_created"] = 0
        self._buildings: dict[tuple[str, str], Building] = {}

    def start(self, stream: RowStream, columns: Mapping[str, int]) -> None:
        for building in Building.select(Building, Compound).join(Compound):
            key = (compound_key(building.compound.name), normalize_building_name(building.name))
            self._buildings.setdefault(key, building)

    # --- reading one row ----------------------------------------------------------------------

    def _phones(self, row: Row) -> tuple[str | None, str | None]:
        """(mobile, landline) from the phone cell; None for "not given"."""
        value = row.text("phone")
        if not value:
            return None, None
        mobile = check_mobile(value)
        if mobile.ok:
            return mobile.normalized, None
        landline = check_landline(value)
        if landline.ok:
            return None, landline.normalized
        looks_fixed = unicodedata.normalize("NFKC", value).lstrip().startswith(("0", "("))
        reason = landline.reason if looks_fixed else mobile.reason
        row.reject("phone", f"“{value}”不是有效的手机号或固定电话：{reason}")

    def _groups(self, row: Row) -> list[str] | None:
        """The file's special groups; None when the file has no such column."""
        if not row.has("groups"):
            return None
        groups, unknown = parse_groups(row.text("groups"))
        if unknown:
            words = "、".join(f"“{w}”" for w in unknown)
            row.reject("groups", f"不认识的特殊人群 {words}（可填：{'、'.join(SPECIAL_GROUPS)}）")
        return groups

    def _building(self, row: Row) -> Building:
        compound_name = clean_name(row.required("compound"))
        building_name = normalize_building_name(row.required("building"))
        building = self._buildings.get((compound_key(compound_name), building_name))
        if building is None:
            row.reject(
                "building",
                f"未登记的楼栋：{compound_name} {building_name}（请先导入或新建楼栋）",
            )
        return building

    def handle(self, row: Row) -> RowOutcome:
        # Validate the whole row first; write only when it is good.
        name = clean_name(row.required("name"))
        if len(name) > NAME_MAX:
            row.reject("name", f"姓名过长（最多 {NAME_MAX} 个字）")
        doc_type_text = row.text("doc_type")
        doc_type = parse_document_type(doc_type_text)
        if doc_type is None:
            choices = "、".join(t.value for t in DocumentType)
            row.reject("doc_type", f"不认识的证件类型“{doc_type_text}”（可填：{choices}）")
        check = check_document(row.required("doc_no"), doc_type)
        if not check.ok:
            row.reject("doc_no", check.reason)
        doc_no = check.normalized
        if len(doc_no) > DOC_NO_MAX:
            row.reject("doc_no", f"证件号码过长（最多 {DOC_NO_MAX} 个字符）")
        mobile, landline = self._phones(row)
        building = self._building(row)
        unit = normalize_unit(row.text("unit"))
        if len(unit) > UNIT_MAX:
            row.reject("unit", f"单元过长（最多 {UNIT_MAX} 个字）")
        room = normalize_room(row.required("room"))
        if len(room) > ROOM_MAX:
            row.reject("room", f"房号过长（最多 {ROOM_MAX} 个字）")
        groups = self._groups(row)

        household = self._household(building, unit, room)
        gender: str | None = None
        birth: dt.date | None = None
        if doc_type in _ID_NUMBER_TYPES:
            gender = gender_from_id(doc_no)
            birth = birth_date_from_id(doc_no)
        wanted: dict[str, object] = {
            "name": name,
            "doc_type": doc_type.value,
            "household": household.id,
        }
        if mobile is not None:
            wanted["phone"] = mobile
        if landline is not None:
            wanted["landline"] = landline
        if gender is not None:
            wanted["gender"] = gender
        if birth is not None:
            wanted["birth_date"] = birth

        resident = self._find(doc_no, doc_type)
        if resident is None:
            resident = Resident.create(doc_no=doc_no, **wanted)
            for group in groups or ():
                ResidentGroup.create(resident=resident.id, group=group)
            outcome: RowOutcome = IMPORTED
        else:
            current: dict[str, object] = {
                "name": resident.name,
                "doc_type": resident.doc_type,
                "household": resident.__data__["household"],
                "phone": resident.phone,
                "landline": resident.landline,
                "gender": resident.gender,
                "birth_date": resident.birth_date,
            }
            changes = {k: v for k, v in wanted.items() if current[k] != v}
            groups_changed = False
            if groups is not None:
                stored = {
                    g.group
                    for g in ResidentGroup.select().where(ResidentGroup.resident == resident.id)
                }
                if stored != set(groups):
                    groups_changed = True
                    query = ResidentGroup.delete().where(ResidentGroup.resident == resident.id)
                    query.execute()
                    for group in groups:
                        ResidentGroup.create(resident=resident.id, group=group)
            if changes or groups_changed:
                Resident.update(
                    {**changes, "updated_at": now(), **seats.stamp(Resident, seats.IMPORT_LABEL)}
                ).where(Resident.id == resident.id).execute()
                outcome = UPDATED
            else:
                outcome = DUPLICATE
        return outcome

    # --- writing ------------------------------------------------------------------------------

    def _household(self, building: Building, unit: str, room: str) -> Household:
        household, created = household_at(building.id, unit, room)
        if created:
            self.details["households_created"] += 1
        return household

    def _find(self, doc_no: str, doc_type: DocumentType) -> Resident | None:
        """The stored resident with this number; one of the same document type first."""
        matches = list(Resident.select().where(Resident.doc_no == doc_no).order_by(Resident.id))
        if not matches:
            return None
        same_type = [r for r in matches if r.doc_type == doc_type.value]
        found: Resident = (same_type or matches)[0]
        return found


def household_at(building_id: int, unit: str, room: str) -> tuple[Household, bool]:
    """The household of building + unit + room, made when there is none yet; and whether
    it was made."""
    household: Household | None = Household.get_or_none(
        (Household.building == building_id) & (Household.unit == unit) & (Household.room == room)
    )
    if household is not None:
        return household, False
    return Household.create(building=building_id, unit=unit, room=room), True


def import_residents(actor: Actor, path: Path, *, dry_run: bool = False) -> ImportSummary:
    """Import a residents list (CSV or .xlsx) in one transaction; see the module docstring.

    Raises ImportFileError / MissingColumns when the file cannot be used (nothing written) and
    PermissionDenied for a read-only operator.
    """
    return run_import(actor, ResidentsImporter(), path, dry_run=dry_run)


__all__ = [
    "GROUP_SYNONYMS",
    "RESIDENT_COLUMNS",
    "ResidentsImporter",
    "import_residents",
    "normalize_room",
    "normalize_unit",
    "parse_groups",
]
