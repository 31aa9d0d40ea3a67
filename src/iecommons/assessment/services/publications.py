"""Withdrawing a publication: a supervisor of the cycle takes back grades found wrong.

The publication's row stays, marked withdrawn with the reason, who and when (and audited):
the run's grades stop being public, the cycle's previous publication in force (if any) is
public again, and the page of published grades lists the correction with its date and
reason. The open data follows at its next rebuild (its freshness check counts a withdrawal
like a publication). Publishing the run again makes a new publication.

The secretariats of the cycle's communities and the cycle's supervisors are notified (in
the app at once, by e-mail after the commit): a grade they may have quoted is gone.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import selectors as account_selectors
from iecommons.assessment.models import Publication
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit, notifications
from iecommons.common.services import refuse

#: The longest reason kept; the public page shows it whole.
REASON_MAX_CHARS = 1000


@transaction.atomic
def publication_withdraw(*, actor: Any, publication: Publication, reason: str) -> Publication:
    """Withdraw ``publication`` with a reason (required, shown on the public page)."""
    require(rules.can_withdraw_publication(actor, publication))
    text = (reason or "").strip()
    if not text:
        raise refuse("reason", _("Give the reason for the withdrawal; the public page shows it."))
    if len(text) > REASON_MAX_CHARS:
        raise refuse(
            "reason",
            _("Keep the reason to %(limit)d characters (it has %(count)d).")
            % {"limit": REASON_MAX_CHARS, "count": len(text)},
        )
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.withdrawn_at is not None:
        raise refuse("reason", _("This publication is already withdrawn."))
    before = audit.snapshot(locked)
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.withdrawal_reason = text
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit.record(actor=actor, instance=locked, operation="publication_withdraw", before=before)
    _notify_withdrawal(locked)
    return locked


def _notify_withdrawal(publication: Publication) -> None:
    cycle = publication.cycle
    community_ids = list(cycle.communities.values_list("pk", flat=True))
    recipients = [
        *account_selectors.secretariat_users(community_ids),
        *account_selectors.supervisors_of_jurisdiction(cycle.jurisdiction),
    ]
    notifications.notify(
        recipients=recipients,
        subject=_("Published grades withdrawn: %(cycle)s") % {"cycle": cycle.name},
        body=_(
            "The grades published on %(published)s were withdrawn on %(withdrawn)s. "
            "Reason: %(reason)s"
        )
        % {
            "published": timezone.localdate(publication.published_at).isoformat(),
            "withdrawn": timezone.localdate(publication.withdrawn_at).isoformat(),
            "reason": publication.withdrawal_reason,
        },
        link=reverse("assessment:published_grades"),
    )
