"""Demo policy documents: the national 2023–2025 action plan and a provincial scheme,
broken into measures, each reported done, in progress or not at all by the jurisdictions
that carry it out, through the services a supervisor uses (see :mod:`.demo`)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from iecommons.policy.selectors.documents import implementing_regions
from iecommons.policy.services.documents import document_issue, implementation_report
from iecommons.registry.models import Region

NATIONAL_DOCUMENT: dict[str, Any] = {
    "title": "职业教育产教融合赋能提升行动实施方案（2023—2025年）",
    "issuer": "国家发展改革委、教育部等8部门",
    "number": "发改社会〔2023〕699号",
    "issued_on": datetime.date(2023, 6, 8),
    "full_text": "为深入贯彻落实党中央、国务院关于深化产教融合的决策部署，"
    "着力推动产教融合从政策引导走向制度供给和落地见效，制定本实施方案。……",
}
NATIONAL_MEASURES = [
    {
        "text": "建设培育产教融合型企业，完善认定、入库培育和动态管理制度",
        "responsible_body": "省级发展改革、教育部门",
        "target": "到2025年全国建设培育1万家以上产教融合型企业",
        "deadline": "2025-12-31",
        "indicator": "入库培育和认定的产教融合型企业数",
    },
    {
        "text": "落实产教融合型企业投资职业教育按比例抵免教育费附加和地方教育附加政策",
        "responsible_body": "省级财政、税务部门",
        "target": "符合条件的企业应享尽享",
        "deadline": "2025-12-31",
        "indicator": "享受抵免的企业数和抵免金额",
    },
    {
        "text": "以产业园区为基础，打造一批市域产教联合体",
        "responsible_body": "省级教育部门",
        "target": "每个省份至少建成一个实体化运行的市域产教联合体",
        "deadline": "2025-06-30",
        "indicator": "挂牌运行的市域产教联合体数",
    },
    {
        "text": "面向重点行业组建行业产教融合共同体，发布人才需求和技术需求清单",
        "responsible_body": "省级教育、工业和信息化部门",
        "target": "重点行业共同体全覆盖并按年度发布三张清单",
        "deadline": "2026-12-31",
        "indicator": "参与组建的共同体数和发布的清单数",
    },
]
PROVINCIAL_MEASURES = [
    {
        "text": "各设区市建立产教融合型企业培育库，按季度报送入库和认定情况",
        "responsible_body": "设区市发展改革委、教育局",
        "target": "培育库覆盖全部设区市",
        "deadline": "2025-09-30",
        "indicator": "建立培育库的设区市数",
    },
    {
        "text": "对认定的产教融合型企业给予“金融+财政+土地+信用”组合式激励",
        "responsible_body": "设区市人民政府",
        "target": "组合式激励政策落地",
        "deadline": "2026-12-31",
        "indicator": "享受组合式激励的企业数",
    },
]
DONE_NOTES = [
    "已印发实施细则并完成首批认定，名单已向社会公示。",
    "已建立部门协同工作机制，政策落地情况按季度通报。",
    "相关工作已完成，佐证材料已报省级主管部门备案。",
]
PROGRESS_NOTES = [
    "已形成工作方案，正在组织各地申报。",
    "已完成摸底调研，配套文件正在征求意见。",
]


def _report_some(
    rng: random.Random,
    actor: Any,
    measure: Any,
    regions: Sequence[Region],
    today: datetime.date,
) -> int:
    """A deterministic mix: most done (a few after the deadline), some in progress, some
    nothing reported yet."""
    reported = 0
    issued = measure.document.issued_on
    for region in regions:
        roll = rng.random()
        if roll < 0.55:
            latest = min(today, measure.deadline + datetime.timedelta(days=60))
            span = max((latest - issued).days, 1)
            done = issued + datetime.timedelta(days=rng.randint(span // 3, span))
            implementation_report(
                actor=actor,
                measure=measure,
                jurisdiction=region,
                status="done",
                note=rng.choice(DONE_NOTES),
                completed_on=min(done, today),
                today=today,
            )
        elif roll < 0.8:
            implementation_report(
                actor=actor,
                measure=measure,
                jurisdiction=region,
                status="in_progress",
                note=rng.choice(PROGRESS_NOTES),
                today=today,
            )
        else:
            continue
        reported += 1
    return reported


def seed_documents(
    rng: random.Random, actors: Any, first: Region, today: datetime.date
) -> dict[str, int]:
    """Issue the two documents and report their implementation; ``first`` is the province
    of the provincial scheme (the national rail-transit community's)."""
    national = document_issue(
        actor=actors.national,
        level="national",
        jurisdiction=None,
        measures=NATIONAL_MEASURES,
        **NATIONAL_DOCUMENT,
    )
    provincial = document_issue(
        actor=actors.first_province,
        title=f"{first.name_zh}产教融合型企业建设培育工作方案",
        issuer=f"{first.name_zh}发展和改革委员会、{first.name_zh}教育厅",
        issued_on=datetime.date(2024, 3, 15),
        level="provincial",
        jurisdiction=first,
        full_text="为贯彻落实国家职业教育产教融合赋能提升行动，结合本省实际，制定本方案。……",
        measures=PROVINCIAL_MEASURES,
    )
    reports = 0
    for document in (national, provincial):
        regions = list(implementing_regions(document))
        for measure in document.measures.select_related("document").order_by("position"):
            reports += _report_some(rng, actors.operator, measure, regions, today)
    return {"policy documents": 2, "implementation reports": reports}
