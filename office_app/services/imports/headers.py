"""The one header matcher of every import: which column of a file holds what an import needs.

Headers vary from one exporter to the next ("＊证件号码（必填）", "身份证号", " 证件 号码 "):
an import declares its columns as :class:`ColumnSpec` (a key, the label users know, its
synonyms, whether it is required), :func:`match_columns` finds them in a header, and
:func:`column_labels` says how a rejection names each column found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .errors import MissingColumns

_OPTIONAL_MARK: Final = re.compile(r"[(\[【〔]\s*(必填|选填|可选|必须|非必填)\s*[)\]】〕]")
_SPACES: Final = re.compile(r"\s+")


def normalize_header(text: str) -> str:
    """The comparable form of a header: NFKC, no whitespace, no ``*`` nor ``(必填)``, lower case.

    "＊证件号码（必填）", " 证件 号码 " and "证件号码*" all give "证件号码".
    """
    value = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    value = _SPACES.sub("", value)
    value = _OPTIONAL_MARK.sub("", value)
    value = value.replace("*", "").rstrip(":")
    return value.lower()


@dataclass(frozen=True)
class ColumnSpec:
    """A column an import reads: ``key`` in code, ``label`` as the user knows it."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


def column_hint(specs: Iterable[ColumnSpec]) -> str:
    """The accepted headers for an error message: 可识别的列名：小区（小区名称、居住小区）；…"""
    parts = []
    for spec in specs:
        if spec.synonyms:
            parts.append(f"{spec.label}（{'、'.join(spec.synonyms)}）")
        else:
            parts.append(spec.label)
    return "可识别的列名：" + "；".join(parts)


def match_columns(header: list[str], specs: Sequence[ColumnSpec]) -> dict[str, int]:
    """Map each spec's key to its column index in ``header``.

    A header cell matches a spec when its normalized text equals the normalized label or a
    synonym. Specs are matched in order; for each, the first matching column not yet taken wins.
    Raises :class:`MissingColumns` naming every required column that is not there.
    """
    normalized = [normalize_header(h) for h in header]
    taken: set[int] = set()
    result: dict[str, int] = {}
    missing: list[str] = []
    for spec in specs:
        names = {normalize_header(n) for n in spec.names}
        for index, value in enumerate(normalized):
            if index not in taken and value and value in names:
                result[spec.key] = index
                taken.add(index)
                break
        else:
            if spec.required:
                missing.append(spec.label)
    if missing:
        raise MissingColumns(missing, list(header))
    return result


def require_columns(
    header: Sequence[str], specs: Sequence[ColumnSpec], file_name: str
) -> dict[str, int]:
    """:func:`match_columns`, its MissingColumns naming the file and the accepted headers."""
    try:
        return match_columns(list(header), specs)
    except MissingColumns as exc:
        raise MissingColumns(
            exc.missing_labels,
            exc.found_header,
            file_name=file_name,
            hint=column_hint(s for s in specs if s.label in exc.missing_labels),
        ) from None


def column_labels(
    header: Sequence[str], columns: Mapping[str, int], specs: Sequence[ColumnSpec]
) -> dict[str, str]:
    """How a rejection names each column found: the file's own header, or the spec's label
    when the header is only the label with "*" or "(必填)" noise (or empty)."""
    labels: dict[str, str] = {}
    for spec in specs:
        index = columns.get(spec.key)
        if index is None:
            continue
        text = header[index] if 0 <= index < len(header) else ""
        if not text or normalize_header(text) == normalize_header(spec.label):
            labels[spec.key] = spec.label
        else:
            labels[spec.key] = text
    return labels


__all__ = [
    "ColumnSpec",
    "column_hint",
    "column_labels",
    "match_columns",
    "normalize_header",
    "require_columns",
]
