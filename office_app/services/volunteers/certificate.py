"""What a volunteer's service certificate (志愿服务证明) states: the volunteer's record on the
day of issue and the community issuing it (reports/volunteer_certificate.py prints it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from office_app.services.admin import settings
from office_app.services.clock import now

from . import register as V


@dataclass(frozen=True)
class Certificate:
    detail: V.VolunteerDetail
    issued: dt.date
    community: str
    subdistrict: str
    district: str

    @property
    def number(self) -> str:
        return f"ZYFW-{self.issued:%Y%m%d}-{self.detail.id:04d}"


def gather(volunteer_id: int, issued: dt.date | None = None) -> Certificate:
    day = issued or now().date()
    community = settings.load()
    return Certificate(
        V.volunteer_detail(volunteer_id, day),
        day,
        community.community,
        community.subdistrict,
        community.district,
    )


__all__ = ["Certificate", "gather"]
