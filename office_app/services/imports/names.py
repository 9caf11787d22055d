"""The one form of compound, building, unit and room names, for every import (and the pages
that register them): "３号楼" and "3栋" are one building, "02" and "第2单元" one unit."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_NUMBERED: Final = re.compile(r"第?0*([0-9]+)(?:号楼|号栋|号幢|号|栋|幢|楼|#楼|#)?", re.ASCII)
_SPACE_BY_HANZI: Final = re.compile(r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])")
_UNIT: Final = re.compile(r"第?0*([0-9]+)(?:单元)?", re.ASCII)
_ROOM: Final = re.compile(r"([0-9]+(?:-[0-9]+)?)(?:室|号|房)", re.ASCII)


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


def normalize_unit(text: str) -> str:
    """ "2", "2单元", "２单元", "02", "第2单元" → "2单元"; blank stays blank; others as written."""
    value = "".join(unicodedata.normalize("NFKC", text).split())
    match = _UNIT.fullmatch(value)
    if match:
        return f"{match.group(1).lstrip('0') or '0'}单元"  # not int(): 4,300 digits at most
    return value


def normalize_room(text: str) -> str:
    """ "301", "３０１", "301室", "301号" → "301"; other rooms as written, without spaces."""
    value = "".join(unicodedata.normalize("NFKC", text).split())
    match = _ROOM.fullmatch(value)
    return match.group(1) if match else value


__all__ = [
    "clean_name",
    "compound_key",
    "normalize_building_name",
    "normalize_room",
    "normalize_unit",
]
