"""Recommendation, assignment, acceptance/refusal and objections, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import IllegalTransition, ValidationError
from app.services.assignment.assign import assign, decide_assignment
from app.services.assignment.objections import case_mediators, decide_objection, raise_objection
from app.services.assignment.recommendation import conflicts_for, recommend
from app.services.assignment.rules import RuleInput, rules, save_rule, set_active
from app.services.cases.detail import get_case
from app.services.errors import PermissionDenied
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import AuditEntry, Case, CaseMediator, Referral
from tests.services.fixtures import ADMIN, acting
from tests.services.routing_fixtures import Network, build_network, village_case

VIEWER = UserInfo("look", "只读", "viewer", None, True)


@pytest.fixture
def net(db: Database) -> Network:
    return build_network(db)


def _case(db: Database, case_id: int) -> Case:
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def test_recommendation_follows_place_and_rules_table(db: Database, net: Network) -> None:
    case_id = village_case(db)
    first = recommend(db, ADMIN, case_id)
    assert [o.id for o in first.organisations] == [net.village, net.town, net.county]
    assert first.mediators[0].id == net.village_mediators[0]
    assert "擅长邻里纠纷" in first.mediators[0].reasons
    default = next(r for r in rules(db, ADMIN) if r.category is None and r.risk is None
                   and r.min_people is None and r.source is None)
    save_rule(db, net.admin, RuleInput(priority=5, category="neighbour",
                                       mediation_type="people", organisation_kind="town_committee",
                                       reason="邻里纠纷一律由镇调委会调解"))
    second = recommend(db, ADMIN, case_id)
    assert second.organisations[0].id == net.town
    assert any("一律由镇调委会" in r for r in second.reasons)
    assert default.id != second.rule_id


def test_disabling_a_rule_changes_the_recommendation(db: Database, net: Network) -> None:
    case_id = village_case(db, category="medical")
    assert recommend(db, ADMIN, case_id).organisations[0].id == net.medical
    medical_rule = next(r for r in rules(db, ADMIN) if r.category == "medical")
    set_active(db, net.admin, medical_rule.id, False)
    assert recommend(db, ADMIN, case_id).organisations[0].id != net.medical


def test_only_admins_edit_rules(db: Database, net: Network) -> None:
    rule = RuleInput(priority=1, mediation_type="people", reason="x")
    with pytest.raises(PermissionDenied):
        save_rule(db, net.town_clerk, rule)
    with pytest.raises(ValidationError) as err:
        save_rule(db, net.admin, RuleInput(priority=1, mediation_type="nope", reason="x"))
    assert err.value.field == "mediation_type"


def test_party_mediator_is_never_recommended_and_needs_confirmation(db: Database,
                                                                   net: Network) -> None:
    case_id = village_case(db)
    party_like = net.town_mediators[2]
    rec = recommend(db, ADMIN, case_id)
    assert party_like not in [m.id for m in rec.mediators]
    assert party_like in [m.id for m in rec.conflicted]
    assert "联系电话相同" in conflicts_for(db, ADMIN, case_id, [party_like])[party_like][0]
    with pytest.raises(ValidationError) as err:
        assign(db, net.admin, case_id, net.town, [party_like])
    assert err.value.field == "mediators" and _case(db, case_id).status == "received"
    assign(db, net.admin, case_id, net.town, [party_like], accept_conflicts=True)
    with db.session() as s:
        assert s.execute(select(AuditEntry).where(
            AuditEntry.action == "conflict_confirmed")).scalar_one().entity_id == case_id


def test_assign_accept_with_joint_mediators(db: Database, net: Network) -> None:
    case_id = village_case(db)
    lead, other = net.town_mediators[0], net.county_mediator
    result = assign(db, net.village_clerk, case_id, net.town, [other, lead], lead_id=lead,
                    reason="涉及两个村民小组，提请镇调委会")
    assert result.pending and result.mediators == ("郑调解", "王调解")
    case = _case(db, case_id)
    assert (case.status, case.current_organisation_id, case.lead_mediator_id) == (
        "assigned", net.town, lead)
    with pytest.raises(PermissionDenied):
        decide_assignment(db, net.village_clerk, case_id, accept=True)
    decide_assignment(db, net.town_clerk, case_id, accept=True)
    lines = case_mediators(db, ADMIN, case_id)
    assert [(m.name, m.is_lead, m.organisation) for m in lines] == [
        ("王调解", True, "墙头镇人民调解委员会"), ("郑调解", False, "象山县矛盾纠纷调处化解中心")]
    with db.session() as s:
        referral = s.execute(select(Referral)).scalar_one()
        assert (referral.kind, referral.status, referral.decided_by) == (
            "assign", "accepted", "towny")
    texts = [e.text for e in get_case(db, net.admin, case_id).timeline]
    assert any("分流指派：溪口村人民调解委员会 → 墙头镇人民调解委员会" in t for t in texts)
    assert any("墙头镇人民调解委员会 接收" in t for t in texts)
    assert any("调解员：王调解（主办）" in t for t in texts)


def test_refused_assignment_returns_to_sender(db: Database, net: Network) -> None:
    case_id = village_case(db)
    assign(db, net.village_clerk, case_id, net.town, [net.town_mediators[0]])
    with pytest.raises(ValidationError):
        decide_assignment(db, net.town_clerk, case_id, accept=False, reason=" ")
    decide_assignment(db, net.town_clerk, case_id, accept=False, reason="属村级调解范围")
    case = _case(db, case_id)
    assert (case.status, case.current_organisation_id, case.lead_mediator_id) == (
        "received", net.village, None)
    texts = [e.text for e in get_case(db, net.admin, case_id).timeline]
    assert any("退回：属村级调解范围" in t for t in texts)
    with pytest.raises(ValidationError):
        decide_assignment(db, net.town_clerk, case_id, accept=True)


def test_own_organisation_assignment_is_accepted_at_once_and_reassignable(
        db: Database, net: Network) -> None:
    case_id = village_case(db)
    first = assign(db, net.village_clerk, case_id, net.village, [net.village_mediators[0]])
    assert not first.pending
    assign(db, net.village_clerk, case_id, net.village, [net.village_mediators[1]])
    statuses = {(m.name, m.status) for m in case_mediators(db, ADMIN, case_id)}
    assert statuses == {("周调解", "ended"), ("吴调解", "active")}


def test_bad_assignments_write_nothing(db: Database, net: Network) -> None:
    case_id = village_case(db)
    with pytest.raises(ValidationError) as err:
        assign(db, net.admin, case_id, net.town, [net.village_mediators[0]])
    assert err.value.field == "lead"
    with pytest.raises(ValidationError) as err:
        assign(db, net.admin, case_id, net.medical, mediation_type="people")
    assert err.value.field == "mediation_type"
    with pytest.raises(ValidationError):
        assign(db, net.admin, case_id, net.town, [net.town_mediators[0]] * 2)
    with pytest.raises(PermissionDenied):
        assign(db, VIEWER, case_id, net.town)
    with db.session() as s:
        assert s.execute(select(Referral)).first() is None
        assert s.execute(select(CaseMediator)).first() is None
    from app.services.cases.intake import refuse_case
    refuse_case(db, acting("villy"), case_id, "不属于调解范围")
    with pytest.raises(IllegalTransition):
        assign(db, net.admin, case_id, net.town)


def test_objection_granted_replaces_the_lead(db: Database, net: Network) -> None:
    case_id = village_case(db)
    first, second = net.village_mediators
    assign(db, net.village_clerk, case_id, net.village, [first])
    with pytest.raises(ValidationError):
        decide_objection(db, net.village_clerk, case_id, first, True, "x", second)
    raise_objection(db, net.village_clerk, case_id, first, "调解员与被申请人是邻居", "张三丰")
    with pytest.raises(ValidationError):
        raise_objection(db, net.village_clerk, case_id, first, "再次申请")
    with pytest.raises(ValidationError) as err:
        decide_objection(db, net.village_clerk, case_id, first, True, "理由成立")
    assert err.value.field == "replacement"
    with pytest.raises(ValidationError):
        decide_objection(db, net.village_clerk, case_id, first, True, "理由成立",
                         net.town_mediators[2])
    decide_objection(db, net.village_clerk, case_id, first, True, "理由成立", second)
    lines = {m.name: m for m in case_mediators(db, ADMIN, case_id)}
    assert lines["周调解"].status == "recused"
    assert lines["周调解"].objection == "张三丰：调解员与被申请人是邻居"
    assert lines["周调解"].objection_decision == "准予回避：理由成立"
    assert lines["吴调解"].is_lead and _case(db, case_id).lead_mediator_id == second
    texts = [e.text for e in get_case(db, net.admin, case_id).timeline]
    assert any("申请周调解回避" in t for t in texts)
    assert any("准予回避" in t for t in texts)


def test_objection_rejected_keeps_the_mediator(db: Database, net: Network) -> None:
    case_id = village_case(db)
    first = net.village_mediators[0]
    assign(db, net.village_clerk, case_id, net.village, [first])
    raise_objection(db, net.village_clerk, case_id, first, "担心不公正")
    decide_objection(db, net.village_clerk, case_id, first, False, "无法定回避事由")
    line = case_mediators(db, ADMIN, case_id)[0]
    assert (line.status, line.objection_decision) == ("active", "驳回申请：无法定回避事由")
