"""Factories for test data: valid by default, so a test changes only what it is about."""

from __future__ import annotations

import datetime

import factory

from iecommons.accounts.models import Role, RoleAssignment, User
from iecommons.registry.credit_code import check_character
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)


def valid_credit_code(number: int, *, prefix: str = "91", region_code: str = "320400") -> str:
    """A credit code with a correct check character, distinct for each ``number``."""
    first17 = f"{prefix}{region_code}{number:09d}"
    return first17 + check_character(first17)


def province(code: str = "320000", name_zh: str = "江苏省", name_en: str = "Jiangsu") -> Region:
    region, _created = Region.objects.get_or_create(
        code=code, defaults={"name_zh": name_zh, "name_en": name_en, "level": Region.Level.PROVINCE}
    )
    return region


def city(
    code: str = "320400",
    name_zh: str = "常州市",
    name_en: str = "Changzhou",
    province_code: str = "320000",
) -> Region:
    names = {"320000": ("江苏省", "Jiangsu"), "440000": ("广东省", "Guangdong")}
    parent = province(province_code, *names.get(province_code, ("省", "Province")))
    region, _created = Region.objects.get_or_create(
        code=code,
        defaults={
            "name_zh": name_zh,
            "name_en": name_en,
            "level": Region.Level.CITY,
            "parent": parent,
        },
    )
    return region


def shenzhen() -> Region:
    return city("440300", "深圳市", "Shenzhen", "440000")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "rail-transit"
    name_zh = "轨道交通装备"
    name_en = "Rail-transit equipment"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"常州测试装备有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Changzhou Test Equipment Co. {n}")
    # Far from the small numbers tests name themselves (valid_credit_code(6)): the
    # sequence depends on how many organisations earlier tests made, so in random
    # order it would otherwise collide with them.
    credit_code = factory.Sequence(lambda n: valid_credit_code(n + 100_000_001))
    type = Organization.Type.ENTERPRISE
    region = factory.LazyFunction(city)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"测试产教融合共同体{n}")
    name_en = factory.Sequence(lambda n: f"Test Community {n}")
    kind = Community.Kind.INDUSTRY
    level = Community.Level.PROVINCIAL
    field = factory.SubFactory(FieldFactory)
    region = factory.LazyFunction(city)
    province = factory.LazyAttribute(lambda o: o.region.parent or o.region)
    founded = datetime.date(2023, 7, 25)
    charter = "共同体章程"
    goals = "共同体目标"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER
    joined = datetime.date(2023, 8, 1)

    @factory.post_generation
    def count_it(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and self.left is None:
            Community.objects.filter(pk=self.community_id).update(
                member_count=Membership.objects.filter(
                    community_id=self.community_id, left__isnull=True
                ).count()
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")
    organization = factory.SubFactory(OrganizationFactory)


class CouncilSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSeat

    community = factory.SubFactory(CommunityFactory)
    person = factory.SubFactory(PersonFactory)
    organization = factory.LazyAttribute(lambda o: o.person.organization)
    position = CouncilSeat.Position.DIRECTOR
    term_start = datetime.date(2023, 8, 1)


def grant(user: User, role: str, **scope: object) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **scope)


__all__ = [
    "CommunityFactory",
    "CouncilSeatFactory",
    "FieldFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "PersonFactory",
    "Role",
    "UserFactory",
    "city",
    "grant",
    "province",
    "shenzhen",
    "valid_credit_code",
]
