"""Drafts survive on disk per user and form, and a damaged file is ignored."""

from __future__ import annotations

from app.config import data_dir
from app.services.cases.drafts import discard_draft, load_draft, save_draft
from tests.services.fixtures import acting


def test_round_trip_per_user() -> None:
    save_draft(acting("liwen"), "intake", {"facts": "排水沟", "parties": [{"name": "张三"}]})
    assert load_draft(acting("liwen"), "intake") == {"facts": "排水沟",
                                                     "parties": [{"name": "张三"}]}
    assert load_draft(acting("wangm"), "intake") is None
    discard_draft(acting("liwen"), "intake")
    assert load_draft(acting("liwen"), "intake") is None


def test_chinese_logins_do_not_share_a_draft() -> None:
    save_draft(acting("张三"), "intake", {"facts": "甲"})
    assert load_draft(acting("李四"), "intake") is None
    assert load_draft(acting("张三"), "intake") == {"facts": "甲"}


def test_damaged_draft_is_ignored() -> None:
    save_draft(acting("a/b"), "intake", {"x": 1})
    path = next((data_dir() / "drafts").glob("intake-*.json"))
    path.write_text("{not json", encoding="utf-8")
    assert load_draft(acting("a/b"), "intake") is None
