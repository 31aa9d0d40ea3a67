"""The registry: regions, industry fields, organisations, communities, members, councils."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """A record named in Chinese and in English; ``name`` follows the active language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Region(BilingualName):
    """A province-level or prefecture-level division, by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("Prefecture city")

    code = models.CharField(_("GB/T 2260 code"), max_length=6, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    @property
    def province(self) -> Region:
        return self.parent if self.parent_id and self.parent else self


class Field(BilingualName):
    """An industry field of the taxonomy, e.g. rail-transit equipment."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("industry field")
        verbose_name_plural = _("industry fields")
        ordering = ["order", "code"]


class Organization(models.Model):
    """A legal entity that can join communities: enterprise, school, association, institute..."""

    class Type(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University")
        VOCATIONAL_UNDERGRADUATE = (
            "vocational_undergraduate",
            _("Vocational-undergraduate university"),
        )
        HIGHER_VOCATIONAL = "higher_vocational", _("Higher-vocational college")
        SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary-vocational school")
        ASSOCIATION = "association", _("Industry association")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        GOVERNMENT = "government", _("Government body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=Type.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Community(models.Model):
    """An industry community or a municipal consortium: the unit that is run and evaluated."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("Industry community")
        MUNICIPAL = "municipal", _("Municipal consortium")

    class Level(models.TextChoices):
        NATIONAL = "national", pgettext_lazy("community level", "National")
        PROVINCIAL = "provincial", pgettext_lazy("community level", "Provincial")
        MUNICIPAL = "municipal", pgettext_lazy("community level", "Municipal")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("community status", "Active")
        SUSPENDED = "suspended", pgettext_lazy("community status", "Suspended")
        DISSOLVED = "dissolved", pgettext_lazy("community status", "Dissolved")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    field = models.ForeignKey(
        Field,
        verbose_name=_("industry field"),
        on_delete=models.PROTECT,
        related_name="communities",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("seat (city)"),
        on_delete=models.PROTECT,
        related_name="communities",
    )
    # Denormalised from region so that province filters need no join.
    province = models.ForeignKey(
        Region,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    founded = models.DateField(_("founded"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    charter = models.TextField(_("charter"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    development_plan = models.TextField(_("development plan"), blank=True)
    secretariat_host = models.ForeignKey(
        Organization,
        verbose_name=_("secretariat hosted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_secretariats",
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # Denormalised: active members, kept by the membership services; the registry list sorts by it.
    member_count = models.PositiveIntegerField(_("members"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        indexes = [models.Index(fields=["province", "level"])]

    def __str__(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Membership(models.Model):
    """An organisation's membership of a community, from joining to (perhaps) leaving.

    Ending a membership sets ``left``; rows are never deleted, so the history stays.
    """

    class Role(models.TextChoices):
        LEAD_UNIT = "lead_unit", _("Lead unit")
        STANDING_COUNCIL = "standing_council", _("Standing council member")
        COUNCIL = "council", _("Council member")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    duties = models.TextField(_("written duties"), blank=True)
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community", "joined", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organization"],
                condition=Q(left__isnull=True),
                name="membership_one_active_per_organization",
                violation_error_message=_("This organisation is already a member."),
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=F("joined")),
                name="membership_left_after_joined",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "left"]),
            models.Index(fields=["organization", "left"]),
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.community}"

    @property
    def is_active(self) -> bool:
        return self.left is None


class Person(models.Model):
    """A named person who acts for an organisation; may have a user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField(_("name"), max_length=100)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilSeat(models.Model):
    """A seat on a community's council held by a person of a member organisation for a term."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        EXECUTIVE_VICE_CHAIR = "executive_vice_chair", _("Executive vice-chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
        STANDING_DIRECTOR = "standing_director", _("Standing director")
        DIRECTOR = "director", _("Director")

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="council_seats",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="council_seats"
    )
    # The member organisation the person represents on the council (at the time of the seat).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    position = models.CharField(_("position"), max_length=32, choices=Position.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("council seat")
        verbose_name_plural = _("council seats")
        ordering = ["community", "position", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="council_seat_term_end_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()}: {self.person}"

    #: Order of positions on a council page, most senior first.
    POSITION_ORDER = [choice for choice, _label in Position.choices]
