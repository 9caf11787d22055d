"""The columns of a test site's result file: what each holds, its synonyms and size, and the
mapping of a file's header to them (by synonyms, or as the user corrected it in the wizard,
kept per header set in the Setting table)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Final

from office_app.models import (
    Setting,
    db,
    now,
)

from ...admin import audit
from ...admin.actor import Actor, require_write
from ..errors import MissingColumns
from ..headers import ColumnSpec, column_hint, match_columns, normalize_header

KIND: Final = "tests"

TEST_COLUMNS: Final = (
    ColumnSpec(
        "name", "姓名", ("被采样人姓名", "被采集人姓名", "受检者姓名", "人员姓名"), required=True
    ),
    ColumnSpec("id_type", "证件类型", ("身份证件类别", "证件种类")),
    ColumnSpec(
        "id_no",
        "证件号码",
        ("身份证号", "身份证号码", "身份号", "公民身份号码", "证件号"),
        required=True,
    ),
    ColumnSpec("phone", "手机号", ("手机号码", "联系电话", "电话", "联系方式")),
    ColumnSpec("sample_time", "采样时间", ("采集时间", "采样日期", "采集日期"), required=True),
    ColumnSpec("site", "采样点", ("采样点名称", "采集点", "采集点名称", "采样地点", "采样单位")),
    ColumnSpec("collector", "采样员", ("采样员姓名", "采样人", "采集人")),
    ColumnSpec(
        "tube", "试管编码", ("试管码", "试管编号", "采样管号", "管码", "条码", "样本编号", "采样码")
    ),
    ColumnSpec("pool", "采样方式", ("混采方式", "检测方式", "采集类型")),
    ColumnSpec("lab", "检测机构", ("检测单位", "测试机构", "实验室")),
    ColumnSpec("result", "检测结果", ("核酸结果", "核酸检测结果", "化验结果"), required=True),
    ColumnSpec("report_time", "报告时间", ("报告日期", "检测时间", "出具时间")),
    ColumnSpec("category", "人员类别", ("人群类别", "人员类型")),
    ColumnSpec("address", "居住地址", ("现住址", "住址")),
    ColumnSpec("compound", "小区", ("居住小区", "小区名称")),
    ColumnSpec("building", "楼栋", ("栋", "楼号", "幢")),
    ColumnSpec("unit", "单元", ("单元号",)),
    ColumnSpec("room", "房号", ("房间号", "门牌号", "室号")),
)
COLUMN_KEYS: Final = tuple(spec.key for spec in TEST_COLUMNS)
LABELS: Final = {spec.key: spec.label for spec in TEST_COLUMNS}
REQUIRED: Final = tuple(spec.key for spec in TEST_COLUMNS if spec.required)

# Column sizes of the model (PostgreSQL enforces them, SQLite does not).
MAX_LENGTHS: Final = {
    "name": 64,
    "id_no": 32,
    "phone": 20,
    "category": 32,
    "site": 100,
    "collector": 64,
    "tube": 32,
    "lab": 100,
    "address": 200,
    "compound": 64,
    "building": 32,
    "unit": 16,
    "room": 16,
}


def column_label(key: str) -> str:
    return LABELS.get(key, key)


# --- column mapping ----------------------------------------------------------------------------

_MAPPING_PREFIX: Final = "tests_import.mapping."


def header_key(header: Sequence[str]) -> str:
    """The key of a header set in the Setting table (normalized headers, in order)."""
    import hashlib

    text = "\x1f".join(normalize_header(h) for h in header)
    return _MAPPING_PREFIX + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def saved_mapping(header: Sequence[str]) -> dict[str, int] | None:
    """The mapping the user corrected for this header set, if any (column indexes)."""
    row = Setting.get_or_none(Setting.key == header_key(header))
    if row is None:
        return None
    try:
        data = json.loads(row.value)
        mapping = {str(k): int(v) for k, v in data.get("columns", {}).items()}
    except (ValueError, TypeError, AttributeError):
        return None
    width = len(header)
    return {k: v for k, v in mapping.items() if k in LABELS and 0 <= v < width}


def save_mapping(actor: Actor, header: Sequence[str], mapping: Mapping[str, int]) -> None:
    """Remember a corrected mapping for this header set (reused next time)."""
    require_write(actor)
    payload = json.dumps(
        {"header": list(header), "columns": dict(mapping)}, ensure_ascii=False, sort_keys=True
    )
    key = header_key(header)
    with db.atomic():
        Setting.insert(key=key, value=payload, updated_at=now()).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: payload}
        ).execute()
        audit.record(
            actor,
            "import.tests.mapping",
            entity="setting",
            summary="核酸导入：保存列对应关系 "
            + "，".join(f"{column_label(k)}←{header[v]}" for k, v in mapping.items()),
        )


def auto_mapping(header: Sequence[str]) -> dict[str, int]:
    """The columns found by synonyms (required ones may be missing: no error here)."""
    specs = tuple(ColumnSpec(s.key, s.label, s.synonyms) for s in TEST_COLUMNS)
    return match_columns(list(header), specs)


def mapping_in_use(
    header: Sequence[str], mapping: Mapping[str, int] | None = None
) -> tuple[dict[str, int], list[str]]:
    """The mapping to use — given, else saved for this header set, else by synonyms — with
    the columns outside the header left out; and the labels of the required columns missing."""
    if mapping is None:
        mapping = saved_mapping(header)
    if mapping is None:
        mapping = auto_mapping(header)
    width = len(header)
    columns = {k: v for k, v in mapping.items() if k in LABELS and 0 <= v < width}
    return columns, [LABELS[k] for k in REQUIRED if k not in columns]


def resolve_mapping(
    header: Sequence[str], file_name: str, mapping: Mapping[str, int] | None = None
) -> dict[str, int]:
    """The mapping to use (:func:`mapping_in_use`).

    Raises :class:`MissingColumns` naming every required column that is not there.
    """
    columns, missing = mapping_in_use(header, mapping)
    if missing:
        raise MissingColumns(
            missing,
            list(header),
            file_name=file_name,
            hint=column_hint(s for s in TEST_COLUMNS if s.label in missing),
        )
    return columns


__all__ = [
    "COLUMN_KEYS",
    "KIND",
    "LABELS",
    "MAX_LENGTHS",
    "REQUIRED",
    "TEST_COLUMNS",
    "auto_mapping",
    "column_label",
    "header_key",
    "mapping_in_use",
    "resolve_mapping",
    "save_mapping",
    "saved_mapping",
]
