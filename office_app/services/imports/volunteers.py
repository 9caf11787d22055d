"""Import the volunteers list (志愿者名单): 姓名, 手机号, 性别, 政治面貌, 派出单位, 单位级别,
类型, 居住小区, 居住楼栋, 网格角色, 负责范围, 技能 (and, when present, 单位类型 and 报到日期).

Volunteers are matched by mobile number, or by name when the row has no number and exactly one
volunteer has that name: re-importing a list updates them and never duplicates them. A row that
changes nothing counts as a duplicate, also when it repeats an earlier row of the file (a later
row with the same number updates the volunteer the earlier one wrote). A sending organisation
(派出单位) that is not there yet is created with the row's level and kind. A home building
(居住小区 + 居住楼栋) must be registered.

网格角色 and 负责范围: a 片长 names his community area (片区), a 组长 his compound, a 小组长 his
building (“瑞景苑 3栋”, or just “3栋” when it is in his own compound). Skills (技能, separated by
、 , ; / or spaces) are added to the ones already stored; none are removed. A new volunteer's
report date is the import day unless the file has 报到日期.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Final

from office_app.models import Building, Compound, Organisation, Volunteer, now
from office_app.models.volunteers import (
    GRID_ROLES,
    ORG_KINDS,
    ORG_LEVELS,
    VOLUNTEER_KINDS,
    VolunteerSkill,
)

from ..admin import seats
from ..admin.actor import Actor
from ..people.identity import check_mobile
from .headers import ColumnSpec
from .names import clean_name, compound_key, normalize_building_name
from .reader import RowStream
from .rows import DUPLICATE, IMPORTED, UPDATED, Row, RowOutcome
from .runner import RowImporter, run_import
from .summary import ImportSummary

KIND: Final = "volunteers"

VOLUNTEER_COLUMNS: Final = (
    ColumnSpec("name", "姓名", ("志愿者姓名", "人员姓名"), required=True),
    ColumnSpec("phone", "手机号", ("手机号码", "联系电话", "电话", "联系方式")),
    ColumnSpec("gender", "性别", ()),
    ColumnSpec("politics", "政治面貌", ("是否党员", "党员")),
    ColumnSpec("organisation", "派出单位", ("单位", "所在单位", "工作单位")),
    ColumnSpec("org_level", "单位级别", ("单位层级", "级别")),
    ColumnSpec("org_kind", "单位类型", ("单位性质",)),
    ColumnSpec("kind", "类型", ("志愿者类型", "人员类型", "身份")),
    ColumnSpec("compound", "居住小区", ("小区",)),
    ColumnSpec("building", "居住楼栋", ("楼栋", "楼号")),
    ColumnSpec("role", "网格角色", ("网格职务", "角色")),
    ColumnSpec("scope", "负责范围", ("负责区域", "网格范围")),
    ColumnSpec("skills", "技能", ("特长", "专长")),
    ColumnSpec("report_date", "报到日期", ("报到时间", "下沉日期")),
)

NAME_MAX: Final = 64
ORG_MAX: Final = 100
SKILL_MAX: Final = 32
AREA_MAX: Final = 64

_PARTY: Final = {"中共党员", "党员", "中共预备党员", "预备党员", "是", "中国共产党党员"}
_NOT_PARTY: Final = {"群众", "共青团员", "团员", "否", "无党派人士", "无党派", "民主党派"}
_GENDERS: Final = {"男": "男", "女": "女", "男性": "男", "女性": "女"}
_LEVEL_WORDS: Final = {
    **{level: level for level in ORG_LEVELS},
    "市": "市级",
    "区": "区级",
    "区县": "区级",
    "街道级": "街道",
    "镇街": "街道",
    "社区级": "社区",
}
_KIND_WORDS: Final = {
    **{kind: kind for kind in ORG_KINDS},
    "机关单位": "机关",
    "党政机关": "机关",
    "学校": "学校",
    "高校": "学校",
    "企业": "企事业",
    "事业单位": "企事业",
    "企事业单位": "企事业",
    "国企": "企事业",
    "医院": "企事业",
}
_VOLUNTEER_KIND_WORDS: Final = {
    **{kind: kind for kind in VOLUNTEER_KINDS},
    "干部": "下沉干部",
    "机关干部": "下沉干部",
    "社区工作者": "社工",
    "社区社工": "社工",
    "志愿者": "居民志愿者",
    "居民": "居民志愿者",
}
_SKILL_SEPARATORS: Final = re.compile(r"[、,，;；/\s]+")
_DATE: Final = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?")


def _word(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_party(text: str) -> bool | None:
    """True for 党员 (also 预备党员), False for 群众/团员/…, None for a blank or unknown word."""
    value = _word(text)
    if value in _PARTY:
        return True
    if value in _NOT_PARTY:
        return False
    return None


def parse_skills(text: str) -> list[str]:
    value = unicodedata.normalize("NFKC", text).strip()
    if value in ("", "无", "-", "—", "/"):
        return []
    seen: list[str] = []
    for word in _SKILL_SEPARATORS.split(value):
        if word and word not in seen:
            seen.append(word)
    return seen


def parse_date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(_word(text).replace("T", " "))
    if match is None:
        match = _DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


class VolunteersImporter(RowImporter):
    kind: ClassVar[str] = KIND
    columns: ClassVar[tuple[ColumnSpec, ...]] = VOLUNTEER_COLUMNS
    detail_labels: ClassVar[dict[str, str]] = {
        "organisations_created": "新建派出单位",
        "skills_added": "新增技能",
    }

    def __init__(self, today: dt.date | None = None) -> None:
        super().__init__()
        self.today = today or now().date()
        self.details["organisations_created"] = 0
        self.details["skills_added"] = 0
        self._compounds: dict[str, Compound] = {}
        self._buildings: dict[tuple[str, str], Building] = {}
        self._orgs: dict[str, Organisation] = {}

    def start(self, stream: RowStream, columns: Mapping[str, int]) -> None:
        for compound in Compound.select():
            self._compounds.setdefault(compound_key(compound.name), compound)
        for building in Building.select(Building, Compound).join(Compound):
            key = (compound_key(building.compound.name), normalize_building_name(building.name))
            self._buildings.setdefault(key, building)
        for org in Organisation.select():
            self._orgs.setdefault(compound_key(org.name), org)

    # --- reading one row ----------------------------------------------------------------------

    def _choice(
        self, row: Row, key: str, words: Mapping[str, str], allowed: tuple[str, ...]
    ) -> str | None:
        text = row.text(key)
        if not text:
            return None
        value = words.get(_word(text))
        if value is None:
            row.reject(key, f"不认识的{row.label(key)}“{text}”（可填：{'、'.join(allowed)}）")
        return value

    def _home(self, row: Row) -> Building | None:
        compound_text, building_text = row.text("compound"), row.text("building")
        if not compound_text and not building_text:
            return None
        if not compound_text:
            row.reject("compound", "填写了居住楼栋，但没有填写居住小区")
        if not building_text:
            row.reject("building", "填写了居住小区，但没有填写居住楼栋")
        name = clean_name(compound_text)
        building = self._buildings.get((compound_key(name), normalize_building_name(building_text)))
        if building is None:
            row.reject(
                "building",
                f"未登记的楼栋：{name} {normalize_building_name(building_text)}"
                "（请先导入或新建楼栋）",
            )
        return building

    def _scope(
        self, row: Row, role: str, home: Building | None
    ) -> tuple[str, Compound | None, Building | None]:
        """(area, compound, building) the role covers."""
        text = clean_name(row.text("scope"))
        if role in ("片长", "组长", "小组长") and not text:
            row.reject("scope", f"{role}需要填写负责范围")
        if not text:
            return "", None, None
        if role == "片长":
            if len(text) > AREA_MAX:
                row.reject("scope", f"片区名称过长（最多 {AREA_MAX} 个字）")
            return text, None, None
        compound = self._compounds.get(compound_key(text))
        if compound is not None and role != "小组长":
            return compound.area, compound, None
        if role != "小组长":
            row.reject("scope", f"未登记的小区“{text}”")
        building = self._building_in_scope(text, home)
        if building is None:
            row.reject("scope", f"未登记的楼栋“{text}”（写作“小区 楼栋”，如“瑞景苑 3栋”）")
        return building.compound.area, building.compound, building

    def _building_in_scope(self, text: str, home: Building | None) -> Building | None:
        parts = text.split(" ")
        if len(parts) >= 2:
            key = (compound_key(" ".join(parts[:-1])), normalize_building_name(parts[-1]))
            if key in self._buildings:
                return self._buildings[key]
        compact = compound_key(text)
        for ckey in sorted(self._compounds, key=len, reverse=True):
            if compact.startswith(ckey) and len(compact) > len(ckey):
                key = (ckey, normalize_building_name(compact[len(ckey) :]))
                if key in self._buildings:
                    return self._buildings[key]
        if home is not None:
            key = (compound_key(home.compound.name), normalize_building_name(text))
            return self._buildings.get(key)
        return None

    def _organisation(self, row: Row, level: str | None, kind: str | None) -> Organisation | None:
        name = clean_name(row.text("organisation"))
        if not name:
            return None
        if len(name) > ORG_MAX:
            row.reject("organisation", f"单位名称过长（最多 {ORG_MAX} 个字）")
        org = self._orgs.get(compound_key(name))
        if org is None:
            org = Organisation.create(name=name, level=level or "区级", kind=kind or "机关")
            self._orgs[compound_key(name)] = org
            self.details["organisations_created"] += 1
        else:
            changes = {}
            if level and level != org.level:
                changes["level"] = level
            if kind and kind != org.kind:
                changes["kind"] = kind
            if changes:
                Organisation.update(**changes).where(Organisation.id == org.id).execute()
                for field_name, value in changes.items():
                    setattr(org, field_name, value)
        return org

    def handle(self, row: Row) -> RowOutcome:
        # Validate the whole row first; write only when it is good.
        name = clean_name(row.required("name"))
        if len(name) > NAME_MAX:
            row.reject("name", f"姓名过长（最多 {NAME_MAX} 个字）")
        phone = ""
        if row.text("phone"):
            check = check_mobile(row.text("phone"))
            if not check.ok:
                row.reject("phone", f"“{row.text('phone')}”不是有效的手机号：{check.reason}")
            phone = check.normalized
        gender = None
        if row.text("gender"):
            gender = _GENDERS.get(_word(row.text("gender")))
            if gender is None:
                row.reject("gender", f"性别应为“男”或“女”，不是“{row.text('gender')}”")
        party = None
        if row.text("politics"):
            party = parse_party(row.text("politics"))
            if party is None:
                row.reject(
                    "politics",
                    f"不认识的政治面貌“{row.text('politics')}”（如：中共党员、群众、共青团员）",
                )
        level = self._choice(row, "org_level", _LEVEL_WORDS, ORG_LEVELS)
        org_kind = self._choice(row, "org_kind", _KIND_WORDS, ORG_KINDS)
        kind = self._choice(row, "kind", _VOLUNTEER_KIND_WORDS, VOLUNTEER_KINDS)
        home = self._home(row)
        role = self._choice(row, "role", {r: r for r in GRID_ROLES}, GRID_ROLES) or "组员"
        area, grid_compound, grid_building = self._scope(row, role, home)
        skills = parse_skills(row.text("skills"))
        for skill in skills:
            if len(skill) > SKILL_MAX:
                row.reject("skills", f"技能“{skill}”过长（最多 {SKILL_MAX} 个字）")
        report: dt.date | None = None
        if row.text("report_date"):
            try:
                report = parse_date(row.text("report_date"))
            except ValueError:
                row.reject("report_date", f"“{row.text('report_date')}”不是日期（如 2022-11-10）")
        existing = self._find(name, phone)
        org = self._organisation(row, level, org_kind)

        wanted: dict[str, object] = {"name": name}
        if phone:
            wanted["phone"] = phone
        if gender is not None:
            wanted["gender"] = gender
        if party is not None:
            wanted["party_member"] = party
        if org is not None:
            wanted["organisation"] = org.id
        if kind is not None:
            wanted["kind"] = kind
        if home is not None:
            wanted["home_building"] = home.id
        if report is not None:
            wanted["report_date"] = report
        if row.text("role") or row.text("scope"):
            wanted["grid_role"] = role
            wanted["grid_area"] = area
            wanted["grid_compound"] = grid_compound.id if grid_compound else None
            wanted["grid_building"] = grid_building.id if grid_building else None
        if existing is None:
            wanted.setdefault("report_date", self.today)
            wanted.setdefault(
                "kind", "居民志愿者" if home is not None and org is None else "下沉干部"
            )
            wanted["status_since"] = wanted["report_date"]
            if "grid_compound" not in wanted and home is not None:
                wanted["grid_compound"] = home.compound.id
                wanted["grid_area"] = home.compound.area
            volunteer = Volunteer.create(**wanted)
            outcome: RowOutcome = IMPORTED
        else:
            volunteer = existing
            current = {key: volunteer.__data__.get(key) for key in wanted}
            changes = {k: v for k, v in wanted.items() if current[k] != v}
            if changes:
                Volunteer.update({**changes, **seats.stamp(Volunteer, seats.IMPORT_LABEL)}).where(
                    Volunteer.id == volunteer.id
                ).execute()
                outcome = UPDATED
            else:
                outcome = DUPLICATE
        stored = {
            s.skill for s in VolunteerSkill.select().where(VolunteerSkill.volunteer == volunteer.id)
        }
        added = [s for s in skills if s not in stored]
        for skill in added:
            VolunteerSkill.create(volunteer=volunteer.id, skill=skill)
        if added:
            self.details["skills_added"] += len(added)
            if outcome == DUPLICATE:
                outcome = UPDATED
        return outcome

    def _find(self, name: str, phone: str) -> Volunteer | None:
        if phone:
            found: Volunteer | None = (
                Volunteer.select().where(Volunteer.phone == phone).order_by(Volunteer.id).first()
            )
            return found
        matches = list(Volunteer.select().where(Volunteer.name == name).limit(2))
        return matches[0] if len(matches) == 1 else None


def import_volunteers(
    actor: Actor, path: Path, *, dry_run: bool = False, today: dt.date | None = None
) -> ImportSummary:
    """Import a volunteers list (CSV or .xlsx) in one transaction; see the module docstring.

    Raises ImportFileError / MissingColumns when the file cannot be used (nothing written) and
    PermissionDenied for a read-only operator.
    """
    return run_import(actor, VolunteersImporter(today), path, dry_run=dry_run)


__all__ = [
    "VOLUNTEER_COLUMNS",
    "VolunteersImporter",
    "import_volunteers",
    "parse_date",
    "parse_party",
    "parse_skills",
]
