"""The default indicator framework: six dimensions, nineteen indicators, with units and ranges.

Plain data; :func:`iecommons.assessment.services.frameworks.default_framework_load` writes it.
D3.1, D3.3 and D3.4 are derived by formulas the talent app registers
(``iecommons.talent.indicators``) from its cohorts, teachers and mentors.
Each dimension is ``(code, name_zh, name_en, [indicators])``; each indicator a dict of
:class:`~iecommons.assessment.models.Indicator` fields. Grade boundaries separate
fail | pass | good | excellent in the indicator's unit.
"""

from __future__ import annotations

from typing import Any

DEFAULT_FRAMEWORK_NAME = "产教融合共同体建设成效评价指标体系"
DEFAULT_FRAMEWORK_NAME_EN = "Industry–education community performance framework"

PERCENT = {"unit": "%", "unit_en": "%", "min_value": 0.0, "max_value": 100.0}
SCORE = {"unit": "分", "unit_en": "points (0–100)", "min_value": 0.0, "max_value": 100.0}
TEN_THOUSAND_CNY = {"unit": "万元", "unit_en": "10,000 CNY", "min_value": 0.0}


def _indicator(code: str, name_zh: str, name_en: str, **fields: Any) -> dict[str, Any]:
    return {"code": code, "name_zh": name_zh, "name_en": name_en, **fields}


DIMENSIONS: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    (
        "D1",
        "治理与组织",
        "Governance and organisation",
        [
            _indicator(
                "D1.1",
                "企业成员占比",
                "Enterprise share of members",
                definition="评价期末在册成员中企业所占比例。",
                definition_en="Enterprises among the active members at the end of the period.",
                source="derived",
                formula="enterprise_member_share",
                grade_boundaries=[20, 35, 50],
                **PERCENT,
            ),
            _indicator(
                "D1.2",
                "理事会会议召开次数",
                "Council meetings held",
                definition="评价期内召开的理事会（常务理事会）会议次数，以会议纪要为证。",
                definition_en="Council and standing-council meetings held in the period, "
                "evidenced by minutes.",
                source="submitted",
                unit="次",
                unit_en="meetings",
                min_value=0.0,
                max_value=52.0,
                grade_boundaries=[1, 2, 4],
            ),
            _indicator(
                "D1.3",
                "成员职责明确率",
                "Share of members with written duties",
                definition="评价期末在册成员中有书面职责的比例。",
                definition_en="Active members at the end of the period whose duties are written.",
                source="derived",
                formula="members_with_duties_share",
                grade_boundaries=[30, 60, 85],
                **PERCENT,
            ),
        ],
    ),
    (
        "D2",
        "协同与资源共享",
        "Collaboration and resource sharing",
        [
            _indicator(
                "D2.1",
                "共享资源利用率",
                "Shared-resource utilisation",
                definition="共享实训基地、设备等资源登记的实际使用时长占开放时长的比例（按预约记录）。",
                definition_en="Unit-hours shared facilities and equipment were used (recorded "
                "usage of bookings), as a share of the unit-hours they were open.",
                source="derived",
                formula="shared_resource_utilisation",
                grade_boundaries=[30, 50, 70],
                **PERCENT,
            ),
            _indicator(
                "D2.2",
                "每十家成员联合项目数",
                "Joint projects per ten members",
                definition="评价期内在研或完成的联合项目数，按每十家在册成员折算。",
                definition_en="Joint projects active or completed in the period, per ten "
                "active members.",
                source="derived",
                formula="joint_projects_per_ten_members",
                unit="项/十家成员",
                unit_en="projects per 10 members",
                min_value=0.0,
                max_value=100.0,
                grade_boundaries=[0.5, 1, 2],
            ),
            _indicator(
                "D2.3",
                "企业现金及实物投入",
                "Enterprise cash and in-kind input",
                definition="成员企业在联合项目中登记的现金投入与设备、场地等实物折价之和。",
                definition_en="Cash plus the valued in-kind input (equipment, premises) that "
                "enterprises recorded as contributions to joint projects.",
                source="derived",
                formula="enterprise_input",
                max_value=1_000_000.0,
                grade_boundaries=[100, 500, 2000],
                **TEN_THOUSAND_CNY,
            ),
        ],
    ),
    (
        "D3",
        "人才培养质量",
        "Talent cultivation quality",
        [
            _indicator(
                "D3.1",
                "订单班与学徒制学生数",
                "Order-class and apprenticeship students",
                definition="评价期内在订单班、现代学徒制培养的学生人数。",
                definition_en="Students in order classes and modern apprenticeships in the period.",
                source="derived",
                formula="order_class_students",
                unit="人",
                unit_en="students",
                min_value=0.0,
                max_value=200_000.0,
                grade_boundaries=[100, 500, 2000],
            ),
            _indicator(
                "D3.2",
                "对口就业率",
                "In-field employment rate",
                definition="毕业生在本产业领域就业的比例。",
                definition_en="Graduates employed in the community's industry field.",
                source="submitted",
                grade_boundaries=[50, 65, 80],
                **PERCENT,
            ),
            _indicator(
                "D3.3",
                "“双师型”教师占比",
                "Dual-qualified teacher share",
                definition="成员院校相关专业专任教师中“双师型”教师的比例。",
                definition_en="Dual-qualified (teaching and industry) teachers among the "
                "full-time teachers of the related majors.",
                source="derived",
                formula="dual_qualified_teacher_share",
                grade_boundaries=[40, 55, 70],
                **PERCENT,
            ),
            _indicator(
                "D3.4",
                "企业兼职教师授课学时",
                "Hours taught by industry teachers",
                definition="企业人员在成员院校承担的授课学时。",
                definition_en="Teaching hours given at member schools by staff of enterprises.",
                source="derived",
                formula="industry_teacher_hours",
                unit="学时",
                unit_en="hours",
                min_value=0.0,
                max_value=1_000_000.0,
                grade_boundaries=[500, 2000, 8000],
            ),
        ],
    ),
    (
        "D4",
        "技术创新与服务",
        "Technological innovation and service",
        [
            _indicator(
                "D4.1",
                "横向技术服务收入",
                "Horizontal technical-service income",
                definition="成员院校为企业提供技术服务取得的到账收入。",
                definition_en="Income received by member schools for technical services to "
                "enterprises.",
                source="submitted",
                max_value=1_000_000.0,
                grade_boundaries=[50, 300, 1000],
                **TEN_THOUSAND_CNY,
            ),
            _indicator(
                "D4.2",
                "授权专利数",
                "Patents granted",
                definition="评价期内共同体成员联合取得的授权专利数。",
                definition_en="Patents granted in the period to members jointly.",
                source="submitted",
                unit="件",
                unit_en="patents",
                min_value=0.0,
                max_value=100_000.0,
                grade_boundaries=[2, 10, 30],
            ),
            _indicator(
                "D4.3",
                "制定标准数",
                "Standards developed",
                definition="牵头或参与制定的国家、行业、团体标准数。",
                definition_en="National, industry and association standards led or co-written.",
                source="submitted",
                unit="项",
                unit_en="standards",
                min_value=0.0,
                max_value=10_000.0,
                grade_boundaries=[1, 3, 8],
            ),
            _indicator(
                "D4.4",
                "技术交易收入",
                "Technology-transaction income",
                definition="技术转让、许可与作价入股的到账收入。",
                definition_en="Income from technology transfer, licensing and equity.",
                source="submitted",
                max_value=1_000_000.0,
                grade_boundaries=[20, 100, 500],
                **TEN_THOUSAND_CNY,
            ),
        ],
    ),
    (
        "D5",
        "合作满意度",
        "Cooperation satisfaction",
        [
            _indicator(
                "D5.1",
                "成员满意度",
                "Member satisfaction",
                definition="成员单位问卷（李克特五级）均值，折算为百分制：(均值−1)×25。",
                definition_en="Mean answer of the member survey (Likert 1–5), mapped to 0–100 "
                "as (mean − 1) × 25.",
                source="survey",
                grade_boundaries=[60, 75, 85],
                **SCORE,
            ),
            _indicator(
                "D5.2",
                "企业满意度",
                "Enterprise satisfaction",
                definition="成员企业问卷（李克特五级）均值，折算为百分制：(均值−1)×25。",
                definition_en="Mean answer of the enterprise survey (Likert 1–5), mapped to "
                "0–100 as (mean − 1) × 25.",
                source="survey",
                grade_boundaries=[60, 75, 85],
                **SCORE,
            ),
        ],
    ),
    (
        "D6",
        "政策支持与落实",
        "Policy support and implementation",
        [
            _indicator(
                "D6.1",
                "获得激励资金",
                "Incentive funds received",
                definition="评价期内获得的各级财政激励与奖补资金。",
                definition_en="Incentive and subsidy funds received from governments in the "
                "period.",
                source="submitted",
                max_value=1_000_000.0,
                grade_boundaries=[50, 200, 800],
                **TEN_THOUSAND_CNY,
            ),
            _indicator(
                "D6.2",
                "激励资金使用率",
                "Incentive funds used",
                definition="已使用的激励资金占获得资金的比例。",
                definition_en="Incentive funds spent as a share of those received.",
                source="submitted",
                grade_boundaries=[50, 75, 90],
                **PERCENT,
            ),
            _indicator(
                "D6.3",
                "产教融合型企业数",
                "Certified enterprises among members",
                definition="在册成员中获认定的产教融合型企业数量。",
                definition_en="Active members certified as industry–education integration "
                "enterprises.",
                source="submitted",
                unit="家",
                unit_en="enterprises",
                min_value=0.0,
                max_value=10_000.0,
                grade_boundaries=[1, 3, 8],
            ),
        ],
    ),
]
