"""Demonstration selection (示范): a selection made from a published evaluation run, its
computed list (one entry per candidate), and the objections filed during its public notice.

The rules of the list are :mod:`iecommons.policy.demonstration`'s; the rows here keep what
it computed, the inputs it computed them from (the selection's quotas and gates, each
entry's frozen facts, the upheld objections; their document is hashed in ``inputs_sha256``)
and the workflow: a draft, published for a notice period (公示), then final.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DemonstrationSelection(models.Model):
    """A selection of demonstration communities from one published run, with its quotas,
    gates and notice period. ``inputs_sha256`` is the hash of the document
    :func:`~iecommons.policy.demonstration.select` reads (the run's snapshot hash, the
    candidates' facts, quotas, gates and upheld objections), shown beside the list."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("demonstration selection", "Draft")
        NOTICE = "notice", pgettext_lazy("demonstration selection", "Public notice")
        FINAL = "final", pgettext_lazy("demonstration selection", "Final")

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    jurisdiction = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jurisdiction"),
        help_text=_("Empty for a national selection."),
    )
    run = models.ForeignKey(
        "assessment.EvaluationRun",
        on_delete=models.PROTECT,
        related_name="demonstration_selections",
        verbose_name=_("run"),
    )
    publication = models.ForeignKey(
        "assessment.Publication",
        on_delete=models.PROTECT,
        related_name="demonstration_selections",
        verbose_name=_("publication"),
    )
    run_sha256 = models.CharField(_("run input SHA-256"), max_length=64)
    grades = models.JSONField(_("grades of the run, best first"), default=list)
    total = models.PositiveIntegerField(_("total places"), null=True, blank=True)
    province_quotas = models.JSONField(_("places per province"), default=dict, blank=True)
    field_quotas = models.JSONField(_("places per field"), default=dict, blank=True)
    min_grade = models.CharField(_("minimum grade"), max_length=32, blank=True)
    no_overdue_rectification = models.BooleanField(
        _("no overdue rectification task"), default=False
    )
    min_years_founded = models.PositiveSmallIntegerField(_("years since founded"), default=0)
    as_of = models.DateField(_("facts as of"))
    inputs_sha256 = models.CharField(_("inputs SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    notice_starts = models.DateField(_("notice starts"), null=True, blank=True)
    notice_ends = models.DateField(_("notice ends"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demonstration selection")
        verbose_name_plural = _("demonstration selections")

    def __str__(self) -> str:
        return self.title


class DemonstrationEntry(models.Model):
    """One candidate of a selection: the facts it was judged on, frozen when the selection
    was made (score and grade in the run; province, field, founding date and overdue
    rectification tasks on ``as_of``), and what the computation gave it: its rank, each gate
    passed or failed with the values, its outcome (selected, or why not). Only the computed
    part changes, when an upheld objection makes the list be recomputed."""

    selection = models.ForeignKey(
        DemonstrationSelection, on_delete=models.CASCADE, related_name="entries"
    )
    community = models.ForeignKey(
        "registry.Community",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    grade = models.CharField(_("grade"), max_length=32)
    province_code = models.CharField(_("province"), max_length=6)
    field_code = models.CharField(_("industry field"), max_length=64)
    founded = models.DateField(_("founded"))
    overdue_tasks = models.PositiveIntegerField(_("overdue rectification tasks"), default=0)
    gates = models.JSONField(_("gates"), default=list)
    outcome = models.CharField(pgettext_lazy("demonstration entry", "outcome"), max_length=16)
    position = models.PositiveIntegerField(_("place on the list"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for the removal"), blank=True)

    class Meta:
        ordering = ["selection", "rank"]
        verbose_name = _("demonstration entry")
        verbose_name_plural = _("demonstration entries")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "community"], name="one_entry_per_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.selection} · {self.community_id}"

    @property
    def selected(self) -> bool:
        return self.outcome == "selected"


class DemonstrationObjection(models.Model):
    """An objection against an entry, filed during the notice period, and its answer:
    upheld (the entry is removed with the answer as its reason and the list recomputed) or
    dismissed (the answer is recorded)."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("objection", "Awaiting an answer")
        UPHELD = "upheld", pgettext_lazy("objection", "Upheld")
        DISMISSED = "dismissed", pgettext_lazy("objection", "Dismissed")

    selection = models.ForeignKey(
        DemonstrationSelection, on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(
        DemonstrationEntry, on_delete=models.CASCADE, related_name="objections"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "registry.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    reason = models.TextField(_("grounds of the objection"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "filed_by"], name="one_objection_per_person_and_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_status_display()}"
