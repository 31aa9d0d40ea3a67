"""Who may see and act on certification paths: a provincial supervisor decides only in its
province (a city's supervisor not at all), an enterprise sees and answers only its own
path, an outsider gets nothing."""

from __future__ import annotations

import datetime

from iecommons.authz import policy as rules
from iecommons.policy.models import Certification, CertificationCriteria
from iecommons.registry.models import Region
from tests.authz.conftest import AuthzWorld, mismatches
from tests.factories import OrganizationFactory, shenzhen

DECIDE_JIANGSU = {"operator", "national", "provincial"}
NATIONAL = {"operator", "national"}


def _path(organization, province) -> Certification:  # type: ignore[no-untyped-def]
    criteria, _ = CertificationCriteria.objects.get_or_create(
        province=province, version=1, defaults={"items": [{"code": "1", "text": "投入"}]}
    )
    return Certification.objects.create(
        organization=organization,
        province=province,
        criteria=criteria,
        status=Certification.Status.CERTIFIED,
        pool_entered=datetime.date(2024, 1, 1),
        certified_on=datetime.date(2024, 6, 1),
        confirmation_due=datetime.date(2027, 6, 1),
    )


def test_the_certification_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    jiangsu = world.org_a.region.province
    shenzhen_enterprise = OrganizationFactory(region=shenzhen())
    guangdong = shenzhen_enterprise.region.province
    path_a = _path(world.org_a, jiangsu)
    path_b = _path(shenzhen_enterprise, guangdong)
    provinces = Region.objects.filter(level=Region.Level.PROVINCE)
    table = [
        ("can_certify_in(Jiangsu)", lambda u: rules.can_certify_in(u, jiangsu), DECIDE_JIANGSU),
        ("can_certify_in(Guangdong)", lambda u: rules.can_certify_in(u, guangdong), NATIONAL),
        (
            "can_see_certification(org_a's)",
            lambda u: rules.can_see_certification(u, path_a),
            DECIDE_JIANGSU | {"member_rep_a"},
        ),
        (
            "can_see_certification(the Shenzhen enterprise's)",
            lambda u: rules.can_see_certification(u, path_b),
            NATIONAL,
        ),
        (
            "can_enter_certification_pool(org_a)",
            lambda u: rules.can_enter_certification_pool(u, world.org_a),
            DECIDE_JIANGSU | {"member_rep_a"},
        ),
        (
            "can_enter_certification_pool(Shenzhen enterprise)",
            lambda u: rules.can_enter_certification_pool(u, shenzhen_enterprise),
            NATIONAL,
        ),
        (
            "can_give_certification_evidence(org_a's)",
            lambda u: rules.can_give_certification_evidence(u, path_a),
            {"member_rep_a"},
        ),
        (
            "can_give_certification_evidence(the Shenzhen enterprise's)",
            lambda u: rules.can_give_certification_evidence(u, path_b),
            set(),
        ),
        (
            "visible_certifications ∋ org_a's",
            lambda u: rules.visible_certifications(
                u, Certification.objects.filter(pk=path_a.pk)
            ).exists(),
            DECIDE_JIANGSU | {"member_rep_a"},
        ),
        (
            "visible_certifications ∋ the Shenzhen enterprise's",
            lambda u: rules.visible_certifications(
                u, Certification.objects.filter(pk=path_b.pk)
            ).exists(),
            NATIONAL,
        ),
        (
            "visible_managed_certifications ∋ org_a's",
            lambda u: rules.visible_managed_certifications(
                u, Certification.objects.filter(pk=path_a.pk)
            ).exists(),
            DECIDE_JIANGSU,
        ),
        (
            "visible_certifying_provinces ∋ Jiangsu",
            lambda u: (
                rules.visible_certifying_provinces(u, provinces).filter(pk=jiangsu.pk).exists()
            ),
            DECIDE_JIANGSU,
        ),
        (
            "visible_own_organizations ∋ org_a",
            lambda u: rules.visible_own_organizations(
                u, type(world.org_a).objects.filter(pk=world.org_a.pk)
            ).exists(),
            {"member_rep_a"},
        ),
        (
            "can_use_calculator(org_a)",
            lambda u: rules.can_use_calculator(u, world.org_a),
            DECIDE_JIANGSU | {"member_rep_a"},
        ),
    ]
    assert mismatches(world, table) == []
