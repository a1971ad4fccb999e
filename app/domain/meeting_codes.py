"""Vocabularies of 村民说事: kinds of meeting, roster roles and the 说事清单.

The regulation requires each village to publish a list of the kinds of
matter villagers may raise (宁波市法治乡村建设促进条例 art 18);
``ITEM_CATEGORIES`` is that list.  Keys are stored; labels are Chinese
message ids translated when shown, and checked with
:func:`app.domain.codes.require_key`, like the case vocabularies.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.text import N_

MEETING_KINDS: Mapping[str, str] = {
    "regular": N_("例行说事"),
    "special": N_("专题说事"),
    "grid": N_("网格说事"),
}

ITEM_CATEGORIES: Mapping[str, str] = {
    "public_works": N_("公共设施"),
    "land": N_("土地"),
    "environment": N_("环境卫生"),
    "neighbourhood_dispute": N_("邻里纠纷"),
    "welfare": N_("民生保障"),
    "village_affairs": N_("村务公开"),
    "safety": N_("安全隐患"),
    "other": N_("其他"),
}

ROSTER_ROLES: Mapping[str, str] = {
    "committee": N_("村两委成员"),
    "representative": N_("村民代表"),
    "party_member": N_("党员"),
    "grid_worker": N_("网格员"),
    "township_contact": N_("联村干部"),
    "respected_local": N_("乡贤"),
    "villager": N_("村民"),
    "legal_adviser": N_("法律顾问"),
}

ATTENDEE_ROLES: Mapping[str, str] = {
    **ROSTER_ROLES,
    "guest": N_("列席人员"),
}

# A matter that turns into a dispute case keeps the nearest case category.
CASE_CATEGORY_OF_ITEM: Mapping[str, str] = {
    "public_works": "village_affairs",
    "land": "forest_land",
    "environment": "environment",
    "neighbourhood_dispute": "neighbour",
    "welfare": "village_affairs",
    "village_affairs": "village_affairs",
    "safety": "village_affairs",
    "other": "other",
}

