"""Conflict of interest and mediator ranking: specialty, locality, caseload, and 回避."""

from __future__ import annotations

from app.domain.conflicts import MediatorRef, PartyRef, Tie, conflicts_of, rank_mediators
from app.domain.routing import CaseFacts, OrgChoice, RegionRef

REGIONS = {r.id: r for r in (
    RegionRef(1, None, "county", "象山县"), RegionRef(2, 1, "town", "墙头镇"),
    RegionRef(3, 2, "village", "溪口村"), RegionRef(4, 1, "town", "石浦镇"))}
CASE = CaseFacts("neighbour", "walk_in", "green", 2, 3)
ORGS = [OrgChoice(10, "溪口村调委会", "village_committee", ()),
        OrgChoice(12, "墙头镇调委会", "town_committee", ())]
PARTIES = [PartyRef(100, "张三", "11010519491231002X", "13800000000"),
           PartyRef(101, "李四", None, "0574-65123456")]


def _mediator(mid: int, org: int = 10, **kw: object) -> MediatorRef:
    values: dict[str, object] = {"name": f"调解员{mid}", "specialties": (), "region_id": 3,
                                 "organisation_ids": (org,), "active": True, "open_cases": 0}
    values.update(kw)
    return MediatorRef(mid, **values)  # type: ignore[arg-type]


def test_same_id_number_phone_or_tie_is_a_conflict() -> None:
    assert conflicts_of(_mediator(1, id_number="11010519491231002x"), PARTIES, [])
    assert conflicts_of(_mediator(2, phone="+86 138 0000 0000"), PARTIES, [])
    tie = Tie(3, 101, "表兄弟")
    assert "表兄弟" in conflicts_of(_mediator(3), PARTIES, [tie])[0]
    assert conflicts_of(_mediator(4, phone="13900000000"), PARTIES, [tie]) == ()
    assert conflicts_of(_mediator(5), PARTIES, [Tie(5, 999, "同事")]) == ()


def test_related_mediator_is_never_recommended() -> None:
    mediators = [_mediator(1, specialties=("neighbour",)), _mediator(2)]
    recommended, conflicted = rank_mediators(CASE, ORGS, mediators, PARTIES,
                                             [Tie(1, 100, "女婿")], REGIONS)
    assert [m.id for m in recommended] == [2]
    assert [m.id for m in conflicted] == [1] and "女婿" in conflicted[0].conflicts[0]


def test_specialty_locality_and_caseload_rank_with_reasons() -> None:
    mediators = [
        _mediator(1, region_id=4, open_cases=1),
        _mediator(2, specialties=("neighbour",), open_cases=2),
        _mediator(3, open_cases=0),
        _mediator(4, org=12, specialties=("neighbour",)),
        _mediator(5, active=False),
        _mediator(6, org=99),
    ]
    recommended, _conflicted = rank_mediators(CASE, ORGS, mediators, PARTIES, [], REGIONS)
    assert [m.id for m in recommended] == [2, 3, 1, 4]
    best = recommended[0]
    assert best.reasons == ("擅长邻里纠纷", "熟悉纠纷发生地：同在溪口村", "当前在办 2 件")
    assert recommended[2].reasons == ("当前在办 1 件",)
    assert recommended[3].organisation == "墙头镇调委会"


def test_heavy_caseload_outweighs_locality() -> None:
    mediators = [_mediator(1, open_cases=12), _mediator(2, region_id=4, open_cases=0)]
    recommended, _c = rank_mediators(CASE, ORGS, mediators, PARTIES, [], REGIONS)
    assert [m.id for m in recommended] == [2, 1]
