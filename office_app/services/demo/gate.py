"""The gate of 科城路社区: residents asking to go out (外出申请), and who took them.

Every day of the last two weeks three to six residents asked at their compound's gate: to see
a doctor (就医), to buy medicine (购药), for dialysis or chemotherapy (透析·化疗), for a
pregnancy check (孕检), or for something else (其他). Residents of a sealed building and those
under monitoring may ask only for a doctor or treatment; volunteers do not ask.

The office decides by the rules of the time: an urgent case goes out point to point (同意·点对
点) with an escort, back within the hours the reason allows; a medicine that is not urgent is
brought by a volunteer instead (代办替代); a doctor's visit that can wait is refused with advice
by phone; "something else" is refused, except a funeral. At 兴茂盛世国际 the escort is often
崔亚涛.

The article's scene: three days ago at 14:32 a resident of 兴茂盛世国际 demanded to go out for
medicine, upset; 崔亚涛 explained the rules and had the pharmacy bring it. Now: one resident
is at chemotherapy until this evening, a child taken to hospital last night is overdue, and
one resident is waiting at the gate for a decision.
"""

from __future__ import annotations

import datetime as dt

from office_app.models import ExitRequest

from ..gate.exits import EXIT_HOURS
from .errands import serve
from .places import sealed_on
from .volunteers import available
from .world import DAYS, Block, Helper, Person, World, at

# reason, weight among the requests, chance that it is urgent (紧急)
REASONS = (
    ("就医", 30, 0.65),
    ("购药", 30, 0.15),
    ("透析·化疗", 10, 1.0),
    ("孕检", 10, 0.15),
    ("其他", 20, 0.0),
)
DETAILS: dict[tuple[str, str], tuple[str, ...]] = {
    ("就医", "紧急"): (
        "腹痛难忍，去区人民医院急诊",
        "老人在家摔倒，需要拍片检查",
        "胸闷气短，去附二院急诊",
        "手被割伤，需要缝针",
    ),
    ("就医", "一般"): ("牙痛，想去口腔医院", "复诊，取检查报告", "腰椎理疗", "皮肤过敏复诊"),
    ("购药", "紧急"): ("胰岛素用完了，需马上购买", "孩子哮喘喷雾用完了"),
    ("购药", "一般"): ("降压药快吃完了", "需要买感冒药", "买眼药水", "买胃药", "买维生素"),
    ("透析·化疗", "紧急"): ("每周三次血液透析（区人民医院肾内科）", "肿瘤医院化疗（第 3 疗程）"),
    ("孕检", "一般"): ("孕 28 周产检（妇幼保健院）", "孕中期唐筛", "孕晚期胎心监护"),
    ("孕检", "紧急"): ("孕 36 周，见红，去妇幼保健院",),
    ("其他", "一般"): ("去单位上班", "取快递", "回老家", "去银行办业务", "给老人送饭"),
}
CHILD_DETAILS = (
    "高烧 39℃，家长陪同去儿童医院急诊",
    "咳嗽气喘，家长陪同去儿童医院",
    "摔伤额头，家长陪同去医院缝针",
)
APPROVED = "同意·点对点"
REFUSED = "不同意"
BROUGHT = "代办替代"
# 崔亚涛 escorts at most this many of 兴茂盛世国际's residents.
CUI_ESCORTS = 40


def may_ask(world: World, person: Person, day: dt.date, reason: str) -> bool:
    """Residents at home (sealed, monitored) only for a doctor or treatment; volunteers never."""
    assert person.household is not None
    if sealed_on(world, person.household.building, day) or (
        person.control_status == "居家健康监测"
        and person.control_from is not None
        and day >= person.control_from
    ):
        return reason in ("就医", "透析·化疗")
    return not person.volunteer


class Gate:
    """The requests in the order they came; who escorted."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.cui = world.volunteer("崔亚涛")
        self.cui_escorts = 0
        self.residents = [p for p in world.people if p.household is not None]
        self.pregnant = [p for p in self.residents if "孕妇" in p.groups]
        self.ill = [p for p in self.residents if "慢病·透析" in p.groups]
        self.adults = [p for p in self.residents if 18 <= world.age(p) <= 80]

    def two_weeks(self) -> None:
        world, rng = self.world, self.world.rng
        for offset in range(-DAYS + 1, 0):
            day = world.day(offset)
            for _ in range(rng.randint(3, 6)):
                reason = rng.choices([r[0] for r in REASONS], weights=[r[1] for r in REASONS])[0]
                person = self.asker(reason, day)
                if person is None:
                    continue
                urgency = self.urgency(reason)
                detail = world.pick(DETAILS[(reason, urgency)])
                if reason == "就医" and world.age(person) < 14:
                    urgency, detail = "紧急", world.pick(CHILD_DETAILS)
                decision, detail = self.decide(reason, urgency, detail)
                requested = world.moment(day, 7, 20)
                self.request(person, reason, urgency, detail, requested, decision)

    def asker(self, reason: str, day: dt.date) -> Person | None:
        """Who asks for this reason on that day (fifty tries to find one who may)."""
        for _try in range(50):
            if reason == "孕检":
                person = self.world.pick(self.pregnant)
            elif reason == "透析·化疗":
                person = self.world.pick(self.ill)
            elif reason == "就医":
                person = self.world.pick(self.residents)
            else:
                person = self.world.pick(self.adults)
            if may_ask(self.world, person, day, reason):
                return person
        return None

    def urgency(self, reason: str) -> str:
        """One draw for every reason whose urgency is a matter of chance, whichever reason was
        given (the seed's stories follow from it)."""
        urgent = {
            name: chance >= 1 or (chance > 0 and self.world.rng.random() < chance)
            for name, _weight, chance in REASONS
        }
        return "紧急" if urgent[reason] else "一般"

    def decide(self, reason: str, urgency: str, detail: str) -> tuple[str, str]:
        """The office's decision, and what it told the resident."""
        rng = self.world.rng
        if reason == "就医" and urgency == "一般" and rng.random() < 0.35:
            return REFUSED, detail + "；非急症，已请社区医生电话指导，建议线上问诊"
        if reason == "购药" and urgency == "一般":
            return BROUGHT, detail + "；非急需药品，已联系药店配送到小区"
        if reason == "其他":
            if rng.random() < 0.2:
                return APPROVED, "家中老人去世，需处理后事"
            return REFUSED, detail + "；按管控要求暂不外出，快递和代购由志愿者帮忙"
        return APPROVED, detail

    def scenes(self) -> None:
        """The article's scene at the gate and the requests open at the clock."""
        world = self.world
        today, cui = world.today, self.cui
        # Three days ago, afternoon, 崔亚涛 on duty.
        xingmao = [
            p
            for p in self.adults
            if p.household and p.household.building.compound == "兴茂盛世国际"
        ]
        upset = world.pick([p for p in xingmao if may_ask(world, p, world.day(-3), "购药")])
        self.request(
            upset,
            "购药",
            "一般",
            "要求外出购药，情绪激动；经解释高风险区防疫政策、告知所购为非急需药品，"
            "已联系药店将药品送到小区，居民表示感谢",
            at(world.day(-3), 14, 32),
            BROUGHT,
            helper=cui,
        )
        # Two residents out and not back: one due this evening, one overdue since last night.
        chemo = world.pick([p for p in self.ill if may_ask(world, p, today, "透析·化疗")])
        self.request(
            chemo,
            "透析·化疗",
            "紧急",
            "肿瘤医院日间病房化疗，预计傍晚返回",
            at(today, 8, 5),
            APPROVED,
            out_back=(at(today, 19, 30), None),
        )
        children = [
            p
            for p in self.residents
            if world.age(p) < 6 and may_ask(world, p, world.day(-1), "就医")
        ]
        self.request(
            world.pick(children),
            "就医",
            "紧急",
            "孩子高烧 39.5℃、抽搐，家长陪同去儿童医院急诊",
            at(world.day(-1), 23, 5),
            APPROVED,
            out_back=(at(today, 3, 20), None),
        )
        # One waiting at the gate right now.
        waiting = world.pick(
            [p for p in self.adults if p is not upset and may_ask(world, p, today, "购药")]
        )
        self.request(waiting, "购药", "一般", "降压药只剩两天的量", at(today, 9, 12), "")

    def request(
        self,
        person: Person,
        reason: str,
        urgency: str,
        detail: str,
        requested: dt.datetime,
        decision: str,
        *,
        helper: Helper | None = None,
        out_back: tuple[dt.datetime, dt.datetime | None] | None = None,
    ) -> None:
        """A request, its decision, the trip out and back, and the volunteer who helped."""
        world, rng = self.world, self.world.rng
        assert person.household is not None
        building = person.household.building
        gate = building.gate_ids[0] if rng.random() < 0.7 else world.pick(building.gate_ids)
        day = requested.date()
        decided_at = requested + dt.timedelta(minutes=rng.randint(3, 12)) if decision else None
        escort = out_at = due_back = back_at = None
        if decision == APPROVED and decided_at is not None:
            escort = self.escort(building, day)
            out_at = decided_at + dt.timedelta(minutes=rng.randint(5, 20))
            hours = EXIT_HOURS[reason]
            due_back = out_at + dt.timedelta(hours=hours)
            back_at = out_at + dt.timedelta(minutes=int(hours * 60 * rng.uniform(0.55, 1.12)))
            if out_back is not None:
                due_back, back_at = out_back
        exit_id = world.add(
            ExitRequest,
            resident=person.id,
            gate=gate,
            reason=reason,
            urgency=urgency,
            detail=detail,
            requested_at=requested,
            decision=decision,
            decided_by=world.admin_id if decision else None,
            decided_at=decided_at,
            escort=escort.id if escort else None,
            out_at=out_at,
            due_back_at=due_back,
            back_at=back_at,
        )
        if escort is not None and out_at is not None:
            note = f"点对点{reason}"
            serve(world, escort, "就医陪同", out_at, person=person, exit_id=exit_id, note=note)
        if decision == BROUGHT and decided_at is not None:
            volunteer = helper or self.escort(building, day, chance=0.7)
            serve(
                world,
                volunteer,
                "代购药品",
                decided_at + dt.timedelta(minutes=rng.randint(60, 180)),
                person=person,
                exit_id=exit_id,
                note="联系药店配送到小区，送药到户",
            )

    def escort(self, building: Block, day: dt.date, chance: float = 0.6) -> Helper:
        """崔亚涛 for 兴茂盛世国际 when he can; otherwise a driver or medic, or anyone on duty."""
        world, cui = self.world, self.cui
        if (
            building.compound == "兴茂盛世国际"
            and available(world, cui, day)
            and self.cui_escorts < CUI_ESCORTS
            and world.rng.random() < chance
        ):
            self.cui_escorts += 1
            return cui
        pool = [
            v
            for v in world.volunteers
            if available(world, v, day) and v is not cui and v.kind != "社工"
        ]
        helpers = [v for v in pool if "驾驶" in v.skills or "医护" in v.skills]
        return world.pick(helpers if helpers and world.rng.random() < 0.7 else pool)


def exits(world: World) -> None:
    gate = Gate(world)
    gate.two_weeks()
    gate.scenes()
