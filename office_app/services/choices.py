"""Values offered in filter boxes: the community's compounds, buildings and fixed lists."""

from __future__ import annotations

from typing import cast

from office_app.models import Building, Compound


def compounds() -> list[tuple[int, str]]:
    return [
        (c.id, c.name) for c in Compound.select(Compound.id, Compound.name).order_by(Compound.name)
    ]


def buildings() -> list[tuple[int, str]]:
    """Every building as ``(id, "小区 楼栋")``, in compound order and natural building order."""
    rows = cast(
        list[tuple[int, str, str]],
        list(Building.select(Building.id, Compound.name, Building.name).join(Compound).tuples()),
    )
    items = [(bid, f"{compound} {name}", compound, name) for bid, compound, name in rows]
    items.sort(key=lambda item: (item[2], natural_key(item[3])))
    return [(item[0], item[1]) for item in items]


def natural_key(text: str) -> tuple[object, ...]:
    """Sort 2栋 before 10栋."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 10**9, text)


def fixed(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]
