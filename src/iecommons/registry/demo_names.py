"""Plausible Chinese names and valid credit codes for demo organisations and people.

Reusable by the demo seed, factories and benchmarks. Everything is driven by a caller's
``random.Random`` so that the same seed gives the same names. The names are made up from
city names and word lists; any likeness to a real organisation is a coincidence, and the
credit codes are synthetic (well-formed, with a correct check character, but not issued).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from iecommons.registry.credit_code import ALPHABET, check_character
from iecommons.registry.models import Organization

OrgType = Organization.Type

# Registration authority and organisation category, the first two characters of a credit
# code (GB 32100-2015): 9-1 enterprise (market regulation), 1-2 public institution (schools,
# public research institutes), 5-1 social organisation (associations), 1-1 government body.
CREDIT_PREFIX = {
    OrgType.ENTERPRISE: "91",
    OrgType.UNIVERSITY: "12",
    OrgType.VOCATIONAL_UNDERGRADUATE: "12",
    OrgType.HIGHER_VOCATIONAL: "12",
    OrgType.SECONDARY_VOCATIONAL: "12",
    OrgType.RESEARCH_INSTITUTE: "12",
    OrgType.ASSOCIATION: "51",
    OrgType.GOVERNMENT: "11",
    OrgType.OTHER: "52",
}

# GB 11714 organisation code: 8 characters and a check character, weights below, modulus 11.
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_DIGITS = "0123456789"
# Letters that are allowed in the credit-code alphabet, for the "MA…" codes of new companies.
_CODE_CHARACTERS = ALPHABET


def _organisation_code_check(first8: str) -> str:
    def value(character: str) -> int:
        return int(character) if character.isdigit() else ord(character) - ord("A") + 10

    total = sum(value(c) * w for c, w in zip(first8, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


class CreditCodes:
    """A source of unique, valid 18-character credit codes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.issued: set[str] = set()

    def new(self, org_type: str, region_code: str) -> str:
        prefix = CREDIT_PREFIX[OrgType(org_type)]
        while True:
            if prefix == "91" and self.rng.random() < 0.6:
                # Companies registered since 2015 carry organisation codes beginning "MA".
                body = "MA" + "".join(self.rng.choice(_CODE_CHARACTERS) for _ in range(6))
            else:
                lead = {"91": "7", "12": "4", "51": "5", "11": "0", "52": "5"}[prefix]
                body = lead + "".join(self.rng.choice(_DIGITS) for _ in range(7))
            first17 = prefix + region_code + body + _organisation_code_check(body)
            code = first17 + check_character(first17)
            if code not in self.issued:
                self.issued.add(code)
                return code


_ETHNIC_SUFFIX = re.compile(
    r"(朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|哈萨克|柯尔克孜|族)+自治州$"
)


def short_city_name(name_zh: str) -> str:
    """常州市 → 常州, 延边朝鲜族自治州 → 延边, 阿里地区 → 阿里, 兴安盟 → 兴安."""
    if name_zh.endswith("自治州"):
        return _ETHNIC_SUFFIX.sub("", name_zh)
    for suffix in ("地区", "市", "盟"):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            return name_zh.removesuffix(suffix)
    return name_zh


def short_english_city_name(name_en: str) -> str:
    """Ngawa Tibetan Qiang Autonomous Prefecture → Ngawa; Hinggan League → Hinggan."""
    for marker in (" Autonomous Prefecture", " Prefecture", " League"):
        if name_en.endswith(marker):
            words = name_en.removesuffix(marker).split()
            return words[0] if marker == " Autonomous Prefecture" else " ".join(words)
    return name_en


# Two-character trade names, with pinyin for the English name.
BRANDS = [
    ("恒瑞", "Hengrui"),
    ("华创", "Huachuang"),
    ("中科", "Zhongke"),
    ("新远", "Xinyuan"),
    ("博雅", "Boya"),
    ("天成", "Tiancheng"),
    ("瑞鑫", "Ruixin"),
    ("鼎盛", "Dingsheng"),
    ("精工", "Jinggong"),
    ("宏达", "Hongda"),
    ("金泰", "Jintai"),
    ("汇通", "Huitong"),
    ("永信", "Yongxin"),
    ("安达", "Anda"),
    ("联创", "Lianchuang"),
    ("正邦", "Zhengbang"),
    ("海川", "Haichuan"),
    ("远航", "Yuanhang"),
    ("星辰", "Xingchen"),
    ("长风", "Changfeng"),
    ("启明", "Qiming"),
    ("华瑞", "Huarui"),
    ("宏图", "Hongtu"),
    ("恒通", "Hengtong"),
    ("信达", "Xinda"),
    ("普华", "Puhua"),
    ("盛世", "Shengshi"),
    ("凯达", "Kaida"),
    ("东方", "Dongfang"),
    ("中天", "Zhongtian"),
    ("三元", "Sanyuan"),
    ("九州", "Jiuzhou"),
    ("力拓", "Lituo"),
    ("卓越", "Zhuoyue"),
    ("智远", "Zhiyuan"),
    ("众诚", "Zhongcheng"),
    ("明德", "Mingde"),
    ("同创", "Tongchuang"),
    ("嘉禾", "Jiahe"),
    ("鸿运", "Hongyun"),
    ("富康", "Fukang"),
    ("创维", "Chuangwei"),
    ("德润", "Derun"),
    ("锦华", "Jinhua"),
    ("天工", "Tiangong"),
    ("万通", "Wantong"),
    ("通达", "Tongda"),
    ("科达", "Keda"),
    ("英特", "Yingte"),
    ("立信", "Lixin"),
    ("蓝海", "Lanhai"),
    ("华夏", "Huaxia"),
    ("国泰", "Guotai"),
    ("新华", "Xinhua"),
    ("中联", "Zhonglian"),
    ("天恒", "Tianheng"),
    ("云帆", "Yunfan"),
    ("银河", "Yinhe"),
    ("长城", "Changcheng"),
    ("恒远", "Hengyuan"),
]

# Per industry field: what its companies make or do, with an English equivalent.
FIELD_TRADES: dict[str, list[tuple[str, str]]] = {
    "rail-transit-equipment": [
        ("轨道交通装备", "Rail Transit Equipment"),
        ("轨道车辆部件", "Rail Vehicle Components"),
        ("牵引电气", "Traction Electric"),
        ("轨道科技", "Rail Technology"),
    ],
    "aerospace": [
        ("航空零部件", "Aero Components"),
        ("航天科技", "Aerospace Technology"),
        ("通用航空", "General Aviation"),
        ("航空材料", "Aviation Materials"),
    ],
    "ships-ocean-engineering": [
        ("船舶重工", "Shipbuilding Heavy Industry"),
        ("海洋工程装备", "Ocean Engineering Equipment"),
        ("船舶配套", "Marine Components"),
    ],
    "new-materials": [
        ("新材料", "New Materials"),
        ("复合材料", "Composite Materials"),
        ("高分子材料", "Polymer Materials"),
        ("特种合金", "Special Alloys"),
    ],
    "ordnance": [
        ("特种装备", "Special Equipment"),
        ("精密机械", "Precision Machinery"),
        ("光电仪器", "Optoelectronic Instruments"),
    ],
    "new-generation-it": [
        ("信息技术", "Information Technology"),
        ("软件", "Software"),
        ("集成电路", "Integrated Circuits"),
        ("网络科技", "Network Technology"),
    ],
    "cnc-machine-tools-robots": [
        ("数控机床", "CNC Machine Tools"),
        ("机器人", "Robotics"),
        ("智能装备", "Intelligent Equipment"),
        ("自动化", "Automation"),
    ],
    "high-end-instruments": [
        ("仪器仪表", "Instruments"),
        ("检测技术", "Testing Technology"),
        ("传感器", "Sensors"),
    ],
    "energy-electronics": [
        ("能源电子", "Energy Electronics"),
        ("光伏科技", "Photovoltaic Technology"),
        ("储能技术", "Energy Storage"),
    ],
    "new-energy-vehicles": [
        ("新能源汽车", "New Energy Vehicles"),
        ("汽车零部件", "Auto Parts"),
        ("动力电池", "Power Batteries"),
    ],
    "power-equipment": [
        ("电力装备", "Power Equipment"),
        ("电气", "Electric"),
        ("输变电设备", "Transmission Equipment"),
    ],
    "agricultural-machinery": [
        ("农业机械", "Agricultural Machinery"),
        ("农机装备", "Farm Equipment"),
    ],
    "biomedicine-medical-devices": [
        ("生物医药", "Biopharmaceutical"),
        ("医疗器械", "Medical Devices"),
        ("制药", "Pharmaceutical"),
    ],
    "modern-agriculture": [
        ("农业科技", "Agricultural Technology"),
        ("种业", "Seed"),
        ("生态农业", "Ecological Agriculture"),
    ],
    "industrial-internet": [
        ("工业互联网", "Industrial Internet"),
        ("数字科技", "Digital Technology"),
        ("物联网", "Internet of Things"),
    ],
    "intelligent-manufacturing": [
        ("智能制造", "Intelligent Manufacturing"),
        ("精密制造", "Precision Manufacturing"),
        ("智能装备", "Intelligent Equipment"),
    ],
    "digital-economy": [
        ("数据科技", "Data Technology"),
        ("云计算", "Cloud Computing"),
        ("数字科技", "Digital Technology"),
    ],
    "modern-logistics": [
        ("物流", "Logistics"),
        ("供应链管理", "Supply Chain Management"),
        ("国际货运", "International Freight"),
    ],
    "health-elderly-care": [
        ("健康管理", "Health Management"),
        ("养老服务", "Elderly Care Services"),
        ("康复医疗", "Rehabilitation"),
    ],
    "culture-tourism": [
        ("文化旅游", "Culture and Tourism"),
        ("文化传媒", "Culture Media"),
        ("酒店管理", "Hotel Management"),
    ],
    "modern-finance": [
        ("金融服务", "Financial Services"),
        ("融资租赁", "Financial Leasing"),
        ("金融科技", "Fintech"),
    ],
    "petrochemicals": [
        ("石油化工", "Petrochemical"),
        ("化工", "Chemical"),
        ("精细化工", "Fine Chemicals"),
    ],
    "textiles-garments": [
        ("纺织", "Textile"),
        ("服饰", "Apparel"),
        ("印染", "Dyeing and Printing"),
    ],
    "food-processing": [("食品", "Food"), ("乳业", "Dairy"), ("粮油", "Grain and Oil")],
    "construction": [
        ("建设工程", "Construction Engineering"),
        ("建筑科技", "Building Technology"),
        ("装配式建筑", "Prefabricated Building"),
    ],
}

COMPANY_FORMS = [
    ("有限公司", "Co., Ltd."),
    ("股份有限公司", "Co., Ltd."),
    ("集团有限公司", "Group Co., Ltd."),
]

# Specialisms of colleges, with their English words.
COLLEGE_SPECIALISMS = [
    ("", ""),
    ("工业", "Industrial "),
    ("机电", "Mechanical and Electrical "),
    ("信息", "Information "),
    ("交通", "Transport "),
    ("轻工", "Light Industry "),
    ("科技", "Science and Technology "),
    ("建筑", "Architecture "),
    ("财经", "Finance and Economics "),
    ("农业", "Agricultural "),
    ("卫生", "Health "),
    ("电子", "Electronics "),
    ("工程", "Engineering "),
    ("商贸", "Commerce "),
    ("城市", "City "),
    ("铁道", "Railway "),
    ("航空", "Aviation "),
    ("海事", "Maritime "),
    ("化工", "Chemical "),
    ("旅游", "Tourism "),
    ("汽车", "Automotive "),
    ("纺织服装", "Textile and Apparel "),
    ("电力", "Electric Power "),
    ("医药", "Pharmaceutical "),
]

UNIVERSITY_FORMS = [
    ("大学", "University"),
    ("理工大学", "University of Technology"),
    ("科技大学", "University of Science and Technology"),
    ("工程学院", "Institute of Technology"),
    ("学院", "University"),
    ("师范大学", "Normal University"),
]

GOVERNMENT_BODIES = [
    ("教育局", "Education Bureau"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("工业和信息化局", "Industry and Information Technology Bureau"),
    ("发展和改革委员会", "Development and Reform Commission"),
    ("科学技术局", "Science and Technology Bureau"),
    ("高新技术产业开发区管理委员会", "High-tech Zone Administrative Committee"),
    (
        "经济技术开发区管理委员会",
        "Economic and Technological Development Zone Administrative Committee",
    ),
    ("财政局", "Finance Bureau"),
]


@dataclass
class NameMaker:
    """Makes unique organisation names; keeps the names it has given."""

    rng: random.Random
    used: set[str] = field(default_factory=set)

    def _unique(self, candidates: list[tuple[str, str]]) -> tuple[str, str]:
        for name, name_en in candidates:
            if name not in self.used:
                self.used.add(name)
                return name, name_en
        # All the candidates are taken: number the last one, which is rare.
        name, name_en = candidates[-1]
        number = 2
        while f"{name}（{number}）" in self.used:
            number += 1
        self.used.add(f"{name}（{number}）")
        return f"{name}（{number}）", f"{name_en} ({number})"

    def organisation(
        self, org_type: str, city_zh: str, city_en: str, field_code: str, field_zh: str
    ) -> tuple[str, str]:
        """A (Chinese, English) name for an organisation of ``org_type`` in a city."""
        city = short_city_name(city_zh)
        city_e = short_english_city_name(city_en)
        rng = self.rng
        candidates: list[tuple[str, str]] = []
        for _attempt in range(12):
            if org_type == OrgType.ENTERPRISE:
                brand, brand_en = rng.choice(BRANDS)
                trade, trade_en = rng.choice(
                    FIELD_TRADES.get(field_code) or FIELD_TRADES["intelligent-manufacturing"]
                )
                form, form_en = rng.choices(COMPANY_FORMS, weights=(7, 2, 1))[0]
                candidates.append(
                    (f"{city}{brand}{trade}{form}", f"{city_e} {brand_en} {trade_en} {form_en}")
                )
            elif org_type == OrgType.HIGHER_VOCATIONAL:
                spec, spec_en = rng.choice(COLLEGE_SPECIALISMS)
                suffix, suffix_en = rng.choice(
                    [("职业技术学院", "Polytechnic"), ("职业学院", "Vocational College")]
                )
                candidates.append((f"{city}{spec}{suffix}", f"{city_e} {spec_en}{suffix_en}"))
            elif org_type == OrgType.SECONDARY_VOCATIONAL:
                spec, spec_en = rng.choice(COLLEGE_SPECIALISMS)
                suffix, suffix_en = rng.choice(
                    [
                        ("中等专业学校", "Secondary Specialised School"),
                        ("技师学院", "Technician College"),
                        ("职业教育中心", "Vocational Education Centre"),
                    ]
                )
                candidates.append((f"{city}{spec}{suffix}", f"{city_e} {spec_en}{suffix_en}"))
            elif org_type == OrgType.UNIVERSITY:
                form, form_en = rng.choice(UNIVERSITY_FORMS)
                candidates.append((f"{city}{form}", f"{city_e} {form_en}"))
            elif org_type == OrgType.VOCATIONAL_UNDERGRADUATE:
                spec, spec_en = rng.choice(COLLEGE_SPECIALISMS[:14])
                candidates.append(
                    (f"{city}{spec}职业技术大学", f"{city_e} {spec_en}Vocational University")
                )
            elif org_type == OrgType.ASSOCIATION:
                trade, trade_en = rng.choice(
                    FIELD_TRADES.get(field_code) or FIELD_TRADES["intelligent-manufacturing"]
                )
                kind, kind_en = rng.choice(
                    [
                        ("行业协会", "Industry Association"),
                        ("产业联盟", "Industry Alliance"),
                        ("学会", "Society"),
                        ("商会", "Chamber of Commerce"),
                    ]
                )
                candidates.append((f"{city}市{trade}{kind}", f"{city_e} {trade_en} {kind_en}"))
            elif org_type == OrgType.RESEARCH_INSTITUTE:
                trade, trade_en = rng.choice(
                    FIELD_TRADES.get(field_code) or FIELD_TRADES["intelligent-manufacturing"]
                )
                kind, kind_en = rng.choice(
                    [
                        ("研究院", "Research Institute"),
                        ("技术研究所", "Technology Institute"),
                        ("产业技术研究院", "Industrial Technology Research Institute"),
                    ]
                )
                candidates.append((f"{city}{trade}{kind}", f"{city_e} {trade_en} {kind_en}"))
            elif org_type == OrgType.GOVERNMENT:
                body, body_en = rng.choice(GOVERNMENT_BODIES)
                candidates.append((f"{city_zh}{body}", f"{city_e} {body_en}"))
            else:
                candidates.append(
                    (f"{city}{field_zh}公共实训中心", f"{city_e} Public Training Centre")
                )
            if candidates[-1][0] not in self.used:
                break
        return self._unique(candidates)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN_CHARACTERS = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉鹏飞宇浩然晨曦雪梅海燕立新振华子轩思远嘉怡佳琪欣悦博文俊杰婷婷晓东晓明春生秋实冬梅德明永康国强建华卫东红梅丽华"  # noqa: E501

PERSON_TITLES = {
    OrgType.ENTERPRISE: ["董事长", "总经理", "副总经理", "人力资源总监", "技术总监", "总工程师"],
    OrgType.UNIVERSITY: ["校长", "副校长", "学院院长", "教授"],
    OrgType.VOCATIONAL_UNDERGRADUATE: ["校长", "副校长", "教务处处长"],
    OrgType.HIGHER_VOCATIONAL: ["院长", "副院长", "党委书记", "教务处处长", "二级学院院长"],
    OrgType.SECONDARY_VOCATIONAL: ["校长", "副校长", "实训处主任"],
    OrgType.ASSOCIATION: ["会长", "秘书长", "副会长"],
    OrgType.RESEARCH_INSTITUTE: ["院长", "所长", "研究员"],
    OrgType.GOVERNMENT: ["局长", "副局长", "处长", "主任"],
    OrgType.OTHER: ["主任", "负责人"],
}


def person_name(rng: random.Random) -> str:
    """A Chinese personal name: a common surname and one or two given characters."""
    given = "".join(rng.choice(GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2, 2, 2))))
    return rng.choice(SURNAMES) + given


def person_title(rng: random.Random, org_type: str) -> str:
    return rng.choice(PERSON_TITLES[OrgType(org_type)])
