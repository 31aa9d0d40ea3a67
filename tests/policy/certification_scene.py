"""The scene of the certification tests: Jiangsu's criteria (three items, confirmed every
three years), ``world.member_a`` (an enterprise of Changzhou, member of community A,
represented by ``representative``) and the documents it may attach."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.policy.models import Certification, CertificationCriteria
from iecommons.policy.services import certification as services
from tests.fixtures import World

TODAY = datetime.date(2026, 3, 1)
ITEMS = [
    {"code": "1", "text": "近三年累计投入职业教育资金不少于规定数额"},
    {"code": "2", "text": "与职业院校共建专业或实训基地"},
    {"code": "3", "text": "每年接收学生实习实训"},
]
EVIDENCE = {"1": "累计投入 1,260 万元，附审计报告", "2": "共建智能制造专业群", "3": "每年 120 人"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "协议.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def jiangsu_criteria(world: World, **extra: Any) -> CertificationCriteria:
    return services.criteria_publish(
        actor=world.provincial_supervisor,
        province=world.community_a.province,
        items=extra.pop("items", ITEMS),
        **extra,
    )


def apply(world: World, evidence: Any = None, **extra: Any) -> Certification:
    """``member_a`` applies through its representative."""
    return services.certification_pool_enter(
        actor=world.representative,
        organization=world.member_a,
        evidence=EVIDENCE if evidence is None else evidence,
        today=extra.pop("today", TODAY),
        **extra,
    )
