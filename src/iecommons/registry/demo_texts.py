# ruff: noqa: E501  -- Chinese prose templates: long lines read better than split sentences.
"""Names and texts of the demo's regional communities: names, charters, goals, duties."""

from __future__ import annotations

import datetime
import random

from iecommons.registry.demo_names import FIELD_TRADES, short_city_name, short_english_city_name
from iecommons.registry.models import Community, Field, Region

PARKS = [
    ("高新技术产业开发区", "High-tech Zone"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("综合保税区", "Comprehensive Bonded Zone"),
    ("智能制造产业园", "Intelligent Manufacturing Park"),
    ("临空经济区", "Airport Economic Zone"),
    ("软件园", "Software Park"),
    ("生物医药产业园", "Biomedicine Park"),
    ("新能源产业园", "New Energy Park"),
    ("现代农业产业园", "Modern Agriculture Park"),
    ("现代物流园区", "Logistics Park"),
    ("大学科技园", "University Science Park"),
    ("产教融合示范区", "Industry-Education Demonstration Zone"),
]

KEY_ELEMENTS = ["专业建设", "课程开发", "教材编写", "师资培训", "实习实训"]
THREE_LISTS = ["核心产品清单", "技术需求清单", "人才需求清单"]
LEFT_REASONS = [
    "企业经营方向调整，申请退出",
    "连续两年未履行成员义务，经常务理事会决定调整出共同体",
    "单位合并重组，由新单位承继成员资格",
    "学校专业布局调整，主动申请退出",
    "未按期报送年度建设数据，予以调整",
    "企业迁出本地区",
]
SUSPENDED_REASONS = [
    "未按期报送年度建设数据，暂停活动并限期整改",
    "理事会换届未按期完成，暂停运行",
]
DISSOLVED_REASONS = ["牵头单位申请解散，经主管部门同意撤销", "与同领域共同体合并"]


# Districts of the province-level municipalities, whose consortia are named by district.
MUNICIPALITY_DISTRICTS = {
    "110100": [
        ("海淀区", "Haidian"),
        ("朝阳区", "Chaoyang"),
        ("丰台区", "Fengtai"),
        ("昌平区", "Changping"),
        ("大兴区", "Daxing"),
        ("顺义区", "Shunyi"),
        ("通州区", "Tongzhou"),
        ("房山区", "Fangshan"),
        ("亦庄", "Yizhuang"),
    ],
    "120100": [
        ("滨海新区", "Binhai"),
        ("西青区", "Xiqing"),
        ("东丽区", "Dongli"),
        ("津南区", "Jinnan"),
        ("北辰区", "Beichen"),
        ("武清区", "Wuqing"),
        ("宝坻区", "Baodi"),
        ("静海区", "Jinghai"),
    ],
    "310100": [
        ("浦东新区", "Pudong"),
        ("闵行区", "Minhang"),
        ("嘉定区", "Jiading"),
        ("松江区", "Songjiang"),
        ("宝山区", "Baoshan"),
        ("青浦区", "Qingpu"),
        ("奉贤区", "Fengxian"),
        ("金山区", "Jinshan"),
        ("临港新片区", "Lingang"),
    ],
    "500100": [
        ("两江新区", "Liangjiang"),
        ("沙坪坝区", "Shapingba"),
        ("九龙坡区", "Jiulongpo"),
        ("江津区", "Jiangjin"),
        ("永川区", "Yongchuan"),
        ("璧山区", "Bishan"),
        ("涪陵区", "Fuling"),
        ("万州区", "Wanzhou"),
        ("长寿区", "Changshou"),
    ],
}


def _lower_first(text: str) -> str:
    """ "Rail Transit" → "rail transit", inside a sentence; an acronym stays: "CNC Machine Tools"."""
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def industry_name(
    rng: random.Random, place_zh: str, place_en: str, field: Field, used: set[str]
) -> tuple[str, str]:
    candidates = [
        (
            f"{place_zh}{field.name_zh}行业产教融合共同体",
            f"{place_en} Industry-Education Community for {_lower_first(field.name_en)}",
        )
    ]
    trades = list(FIELD_TRADES.get(field.code, []))
    rng.shuffle(trades)
    candidates += [
        (
            f"{place_zh}{trade}产教融合共同体",
            f"{place_en} Industry-Education Community for {trade_en}",
        )
        for trade, trade_en in trades
    ]
    candidates += [
        (
            f"{place_zh}{field.name_zh}{suffix}",
            f"{place_en} {suffix_en} for {_lower_first(field.name_en)}",
        )
        for suffix, suffix_en in (
            ("产教融合发展共同体", "Industry-Education Development Community"),
            ("职业教育产教融合共同体", "Vocational Education Integration Community"),
        )
    ]
    for name, name_en in candidates:
        if name not in used:
            return name, name_en
    number = 2
    while f"{candidates[0][0]}（{number}）" in used:
        number += 1
    return f"{candidates[0][0]}（{number}）", f"{candidates[0][1]} ({number})"


def consortium_name(rng: random.Random, city: Region, used: set[str]) -> tuple[str, str]:
    short, short_en = short_city_name(city.name_zh), short_english_city_name(city.name_en)
    places = [(f"{short}{park}", f"{short_en} {park_en}") for park, park_en in PARKS]
    for district, district_en in MUNICIPALITY_DISTRICTS.get(city.code, []):
        places += [
            (f"{short}{district}{park}", f"{short_en} {district_en} {park_en}")
            for park, park_en in PARKS
        ]
    rng.shuffle(places)
    for place, place_en in places:
        name = f"{place}市域产教联合体"
        if name not in used:
            return name, f"{place_en} Municipal Industry-Education Consortium"
    number = 2
    while f"{short}产教融合片区{number}市域产教联合体" in used:
        number += 1
    return (
        f"{short}产教融合片区{number}市域产教联合体",
        f"{short_en} Zone {number} Municipal Industry-Education Consortium",
    )


def summary(kind: str, city: Region, province: Region, field: Field) -> str:
    if kind == Community.Kind.MUNICIPAL:
        return f"以{city.name_zh}产业园区为依托，政府、学校、企业共同建设的市域产教联合体，重点服务{field.name_zh}产业。"
    return f"服务{province.name_zh}{field.name_zh}产业链的产教融合共同体，汇聚龙头企业、院校和行业组织。"


def charter(name: str, kind: str, lead_names: list[str], host_name: str) -> str:
    body = "市域产教联合体" if kind == Community.Kind.MUNICIPAL else "共同体"
    return (
        f"第一条　本{body}名称为{name}，由{'、'.join(lead_names)}牵头组建，是非营利性的产教融合合作组织。\n"
        f"第二条　本{body}设理事会，理事长由牵头单位代表担任；设常务理事会，在理事会闭会期间行使职权。\n"
        f"第三条　本{body}设秘书处，秘书处设在{host_name}，负责日常工作和数据报送。\n"
        "第四条　成员单位自愿加入、自愿退出；不履行义务的成员经常务理事会决定可予以调整。\n"
        "第五条　成员单位共建共享实训资源，按约定分享合作收益、分担合作风险。\n"
        "第六条　本章程经理事会审议通过后生效。"
    )


def goals(rng: random.Random, field: Field) -> str:
    goals = [
        f"共建{field.name_zh}相关专业（群）{rng.randint(3, 12)}个，开发课程{rng.randint(10, 60)}门、新形态教材{rng.randint(3, 20)}部。",
        f"共建共享实训基地{rng.randint(2, 10)}个，年培训“双师型”教师{rng.randint(50, 400)}人次。",
        f"每年发布核心产品、技术需求、人才需求“三张清单”，开设订单班{rng.randint(5, 40)}个。",
        f"联合开展技术攻关项目{rng.randint(3, 30)}项，服务中小企业{rng.randint(20, 300)}家。",
        f"年开展职工技能培训{rng.randint(1000, 20000)}人次。",
    ]
    return "\n".join(f"{number}. {goal}" for number, goal in enumerate(goals, start=1))


def plan(founded: datetime.date) -> str:
    year = founded.year
    return (
        f"{year}—{year + 1}年：完成组织建设，健全理事会、秘书处和成员进出机制。\n"
        f"{year + 2}—{year + 3}年：建成共享实训基地和课程资源库，形成稳定的合作项目。\n"
        f"{year + 4}年起：开展年度绩效评价，形成可推广的产教融合模式。"
    )


def lead_duties(field: Field) -> str:
    return f"牵头组织共同体建设，承担理事长单位职责；统筹制定年度工作计划，提供{field.name_zh}领域实训资源、真实项目和技术专家。"


def host_duties() -> str:
    return (
        "承担秘书处工作，负责成员管理、会议组织、数据报送和年度报告编制；牵头专业、课程和教材建设。"
    )


def standing_duties(rng: random.Random) -> str:
    element = rng.choice(KEY_ELEMENTS)
    listing = rng.choice(THREE_LISTS)
    return f"参与常务理事会决策，牵头{element}工作；按期报送{listing}，每年至少承接一项共建项目。"


# ---------------------------------------------------------------- accounts
