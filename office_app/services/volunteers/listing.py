"""The 志愿者 page's list: every volunteer with organisation, status, grid role, skills, counts.

A ``Listing`` like the ones in services.listings (the generic Qt table model shows it), kept
here with the volunteers' page.
"""

from __future__ import annotations

import peewee as pw

from office_app.models import (
    Building,
    Compound,
    Organisation,
    ServiceRecord,
    ShiftAssignment,
    Volunteer,
)
from office_app.models.volunteers import VolunteerSkill

from ..listings import BOOL, DATE, INT, PHONE, Column, Listing, group_concat


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text


HomeBuilding = Building.alias("v_home_building")
HomeCompound = Compound.alias("v_home_compound")

_services = ServiceRecord.select(pw.fn.COALESCE(pw.fn.SUM(ServiceRecord.count), 0)).where(
    ServiceRecord.volunteer == Volunteer.id
)
_shifts = ShiftAssignment.select(pw.fn.COUNT(ShiftAssignment.id)).where(
    ShiftAssignment.volunteer == Volunteer.id
)
_skills = VolunteerSkill.select(pw.fn.COALESCE(group_concat(VolunteerSkill.skill), "")).where(
    VolunteerSkill.volunteer == Volunteer.id
)
_home = pw.fn.COALESCE(HomeCompound.name.concat(" ").concat(HomeBuilding.name), "")

VOLUNTEERS_PAGE = Listing(
    name="volunteers_page",
    id_expr=Volunteer.id,
    base=lambda *sel: (
        Volunteer.select(*sel)
        .join(Organisation, pw.JOIN.LEFT_OUTER)
        .switch(Volunteer)
        .join(HomeBuilding, pw.JOIN.LEFT_OUTER, on=(Volunteer.home_building == HomeBuilding.id))
        .join(HomeCompound, pw.JOIN.LEFT_OUTER, on=(HomeBuilding.compound == HomeCompound.id))
    ),
    columns=(
        Column("name", QT_TRANSLATE_NOOP("Listing", "Name"), Volunteer.name, searchable=True),
        Column("gender", QT_TRANSLATE_NOOP("Listing", "Gender"), Volunteer.gender, width=50),
        Column(
            "organisation",
            QT_TRANSLATE_NOOP("Listing", "Organisation"),
            Organisation.name,
            searchable=True,
            width=190,
        ),
        Column("level", QT_TRANSLATE_NOOP("Listing", "Level"), Organisation.level, width=56),
        Column("org_kind", QT_TRANSLATE_NOOP("Listing", "Org. kind"), Organisation.kind, width=64),
        Column("kind", QT_TRANSLATE_NOOP("Listing", "Kind"), Volunteer.kind, width=80),
        Column(
            "party",
            QT_TRANSLATE_NOOP("Listing", "Party member"),
            Volunteer.party_member,
            BOOL,
            width=50,
        ),
        Column("status", QT_TRANSLATE_NOOP("Listing", "Status"), Volunteer.status, width=80),
        Column("status_since", QT_TRANSLATE_NOOP("Listing", "Since"), Volunteer.status_since, DATE),
        Column("role", QT_TRANSLATE_NOOP("Listing", "Grid role"), Volunteer.grid_role, width=64),
        Column("home", QT_TRANSLATE_NOOP("Listing", "Lives in"), _home, width=130),
        Column("skills", QT_TRANSLATE_NOOP("Listing", "Skills"), _skills, searchable=False),
        Column(
            "phone", QT_TRANSLATE_NOOP("Listing", "Phone"), Volunteer.phone, PHONE, searchable=True
        ),
        Column(
            "reported",
            QT_TRANSLATE_NOOP("Listing", "Reported for duty"),
            Volunteer.report_date,
            DATE,
        ),
        Column("shifts", QT_TRANSLATE_NOOP("Listing", "Shifts"), _shifts, INT, width=56),
        Column("services", QT_TRANSLATE_NOOP("Listing", "Services"), _services, INT, width=64),
    ),
    default_sort="name",
    filters={
        "status": lambda v: Volunteer.status == v,
        "kind": lambda v: Volunteer.kind == v,
        "organisation": lambda v: Volunteer.organisation == v,
        "role": lambda v: Volunteer.grid_role == v,
    },
)
