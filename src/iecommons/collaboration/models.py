"""Collaboration in a community: shared resources and their bookings and use, and the
community's communication (announcements, threads, documents, council meetings).

Everything here belongs to one community and is private to its members, secretariat and
supervisors, except public announcements and the resource catalogue's public summary
(see :mod:`iecommons.authz.collaboration`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from iecommons.collaboration.conf import DEFAULT_BOOKING_RESPONSE_HOURS


class CollaborationSettings(models.Model):
    """A community's own rules for collaboration; a community without a row uses defaults."""

    community = models.OneToOneField(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="collaboration_settings",
    )
    booking_response_hours = models.PositiveIntegerField(
        _("hours to answer a booking request"),
        default=DEFAULT_BOOKING_RESPONSE_HOURS,
        help_text=_("A request left unanswered longer is escalated to the secretariat."),
    )

    class Meta:
        verbose_name = _("collaboration settings")
        verbose_name_plural = _("collaboration settings")

    def __str__(self) -> str:
        return str(self.community)


# --- shared resources ------------------------------------------------------------------------


class Resource(models.Model):
    """A shareable resource of a member organisation, offered to its community."""

    class Type(models.TextChoices):
        TRAINING_BASE = "training_base", _("Practical-training base")
        LAB = "lab", _("Laboratory")
        EQUIPMENT = "equipment", _("Equipment")
        COURSE = "course", _("Course")
        TEXTBOOK = "textbook", _("Textbook")
        EXPERT = "expert", _("Expert or mentor")
        DATASET = "dataset", _("Data set")
        PATENT = "patent", _("Patent or other IP")
        OTHER = "other", _("Other")

    class Terms(models.TextChoices):
        FREE = "free", _("Free")
        COST_RECOVERY = "cost_recovery", _("Cost recovery")
        FEE = "fee", _("Fee")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    owner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="shared_resources",
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=Type.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    location_en = models.CharField(_("location (English)"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=1, help_text=_("Units that can be booked at the same time.")
    )
    unit = models.CharField(_("unit"), max_length=32, default="", blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=32, default="", blank=True)
    terms = models.CharField(_("terms"), max_length=16, choices=Terms.choices, default=Terms.FREE)
    price = models.DecimalField(
        _("price (yuan per unit and hour)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")
        ordering = ["community", "type", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="resource_capacity_positive",
                violation_error_message=_("Capacity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=~Q(terms="fee") | Q(price__isnull=False, price__gt=0),
                name="resource_fee_has_price",
                violation_error_message=_("A fee needs a price above zero."),
            ),
        ]
        indexes = [models.Index(fields=["community", "status", "type"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the Chinese one when no English is given)."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_location(self) -> str:
        """The location in the reader's language (the Chinese one when no English is given)."""
        if (get_language() or "").startswith("en") and self.location_en:
            return self.location_en
        return self.location

    @property
    def display_unit(self) -> str:
        """The unit in the reader's language (the Chinese one when no English is given)."""
        if (get_language() or "").startswith("en") and self.unit_en:
            return self.unit_en
        return self.unit


class AvailabilityWindow(models.Model):
    """A weekly opening window of a resource, in the platform's time zone.

    A resource without windows is available at any time, except during closures.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="windows",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("opens"))
    end_time = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening window")
        verbose_name_plural = _("opening windows")
        ordering = ["resource", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="availability_window_ends_after_start",
                violation_error_message=_("A window must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6),
                name="availability_window_weekday_valid",
                violation_error_message=_("Choose a weekday."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Closure(models.Model):
    """A period when a resource cannot be booked (maintenance, holidays, own use)."""

    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="closures",
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["resource", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="closure_ends_after_start",
                violation_error_message=_("A closure must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        # Stored in UTC; people read the platform's local time (Asia/Shanghai).
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} {self.reason}".rstrip()


class Booking(models.Model):
    """A member organisation's request to use a resource for a period, and its outcome.

    Pending and approved bookings hold their slot: a request that would push the load of
    any moment above the resource's capacity is refused (checked under a row lock on the
    resource, so two simultaneous requests cannot both pass).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    #: Statuses whose bookings occupy the resource.
    HOLDING = (Status.PENDING, Status.APPROVED, Status.COMPLETED)

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="bookings"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("requesting organisation"),
        on_delete=models.PROTECT,
        related_name="resource_bookings",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="resource_bookings",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    purpose = models.TextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="booking_ends_after_start",
                violation_error_message=_("A booking must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="booking_quantity_positive",
                violation_error_message=_("Book at least one unit."),
            ),
        ]
        indexes = [
            # The conflict check: bookings of one resource starting in a bounded range.
            models.Index(fields=["resource", "start"], name="booking_conflict_idx"),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class Usage(models.Model):
    """What was actually used of a completed booking: the source of utilisation rates."""

    booking = models.OneToOneField(
        Booking, verbose_name=_("booking"), on_delete=models.CASCADE, related_name="usage"
    )
    hours = models.DecimalField(_("hours used"), max_digits=8, decimal_places=2)
    quantity = models.PositiveIntegerField(_("units used"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("usage")
        verbose_name_plural = _("usages")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="usage_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking}: {self.hours} h × {self.quantity}"


# --- communication ---------------------------------------------------------------------------


class Announcement(models.Model):
    """A notice from a community's secretariat to its members (or, if public, to anyone)."""

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    body = models.TextField(_("text"))
    is_public = models.BooleanField(_("public"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["community", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    """A discussion among a community's members and secretariat."""

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    # Denormalised by the post services: the list sorts by the latest activity.
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    post_count = models.PositiveIntegerField(_("posts"), default=0)

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-last_post_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """One message in a discussion thread."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Document(models.Model):
    """A document in a community's library; its content lives in numbered versions."""

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Denormalised by the upload service.
    version_count = models.PositiveIntegerField(_("versions"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "title"],
                name="document_title_unique_in_community",
                violation_error_message=_("A document with this title already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def _document_path(instance: DocumentVersion, filename: str) -> str:
    # The stored name never comes from the uploader: only the extension is kept.
    extension = filename.rsplit(".", 1)[-1].lower()
    return (
        f"collaboration/{instance.document.community_id}/documents/"
        f"{instance.document_id}/v{instance.number}.{extension}"
    )


class DocumentVersion(models.Model):
    """One uploaded version of a document; a new upload of the same document adds one."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Meeting(models.Model):
    """The record of a council meeting: when, where, who attended, minutes and decisions."""

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "registry.Person", verbose_name=_("attendees"), blank=True, related_name="meetings"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class MeetingDecision(models.Model):
    """One decision taken at a council meeting, in the order it was taken."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    order = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"
