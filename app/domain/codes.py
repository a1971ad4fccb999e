"""Fixed vocabularies: the code keys stored in the database and used in JSON.

Keys are stable identifiers (README.md, intake JSON); labels are Chinese message ids,
translated only when shown, so a report in English and one in Chinese count
the same codes.  Each dict is in display order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from app.domain.errors import ValidationError
from app.domain.text import N_, _

K = TypeVar("K", bound=str)

SOURCES: Mapping[str, str] = {
    "walk_in": N_("来访申请"),
    "proactive": N_("主动排查"),
    "grid_report": N_("网格上报"),
    "hotline_12345": N_("12345热线"),
    "police_referral": N_("110警情移交"),
    "court_pre_filing": N_("法院诉前委派"),
    "court_entrusted": N_("法院委托调解"),
    "petition_office": N_("信访部门转交"),
    "department_referral": N_("部门移交"),
    "villagers_meeting": N_("村民说事"),
    "other": N_("其他"),
}

CATEGORIES: Mapping[str, str] = {
    "marriage_family": N_("婚姻家庭"),
    "neighbour": N_("邻里纠纷"),
    "housing_homestead": N_("房屋宅基地"),
    "contract": N_("合同纠纷"),
    "business_operation": N_("生产经营"),
    "damages": N_("损害赔偿"),
    "forest_land": N_("山林土地"),
    "land_expropriation": N_("征地拆迁"),
    "environment": N_("环境污染"),
    "labour": N_("劳动争议"),
    "consumer": N_("消费纠纷"),
    "medical": N_("医疗纠纷"),
    "traffic_accident": N_("道路交通事故"),
    "property_management": N_("物业纠纷"),
    "tourism": N_("旅游纠纷"),
    "intellectual_property": N_("知识产权"),
    "internet": N_("互联网纠纷"),
    "village_affairs": N_("村务管理"),
    "other": N_("其他"),
}

RISKS: Mapping[str, str] = {
    "green": N_("绿色（一般）"),
    "yellow": N_("黄色（较大）"),
    "red": N_("红色（重大）"),
}

ROLES: Mapping[str, str] = {
    "applicant": N_("申请人"),
    "respondent": N_("被申请人"),
    "third_party": N_("第三人"),
}

PARTY_KINDS: Mapping[str, str] = {
    "person": N_("自然人"),
    "organisation": N_("法人或其他组织"),
}

GENDERS: Mapping[str, str] = {
    "male": N_("男"),
    "female": N_("女"),
}

ORG_KINDS: Mapping[str, str] = {
    "village_committee": N_("村（居）人民调解委员会"),
    "town_committee": N_("乡镇（街道）人民调解委员会"),
    "county_centre": N_("县级矛盾纠纷调处化解中心"),
    "professional_committee": N_("行业性专业性人民调解委员会"),
    "court_studio": N_("法院驻点调解室"),
    "police_office": N_("派出所警调对接室"),
    "brand_studio": N_("品牌调解工作室"),
    "admin_department": N_("行政调解部门"),
    "enterprise_committee": N_("企事业单位调解委员会"),
}

MEDIATION_TYPES: Mapping[str, str] = {
    "people": N_("人民调解"),
    "administrative": N_("行政调解"),
    "judicial": N_("司法调解"),
    "police": N_("公安调解"),
    "professional": N_("行业性专业性调解"),
    "commercial": N_("商事调解"),
}

USER_ROLES: Mapping[str, str] = {
    "admin": N_("系统管理员"),
    "director": N_("中心主任"),
    "mediator": N_("调解员"),
    "clerk": N_("登记员"),
    "village_official": N_("村干部"),
    "viewer": N_("只读用户"),
}

# fmt: off
ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族",
    "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族",
    "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",
    "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族",
    "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族",
    "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)
# fmt: on
"""The 56 recognised ethnic groups in the GB 3304 order, stored as written (not translated)."""


def label(vocab: Mapping[K, str], key: K) -> str:
    """The translated label of ``key``; an unknown key (e.g. a retired code) is shown as is."""
    message = vocab.get(key)
    return key if message is None else _(message)


def require_key(vocab: Mapping[str, str], key: object, field: str) -> str:
    """Return ``key`` if it is one of ``vocab``'s keys, else a ValidationError for ``field``."""
    if isinstance(key, str) and key in vocab:
        return key
    raise ValidationError(
        _("“{key}”不是有效的取值，可选：{allowed}").format(key=key, allowed=", ".join(vocab)),
        field,
    )
