"""Writes of the desk: a person's digest choice, and sending the digests that are due.

:func:`digests_send` runs as the periodic job ``desk.send_digests`` (``PERIODIC_JOBS``, every
morning). A daily digest's period is the day, a weekly one's the week from Monday; a digest
goes out only on a weekday that starts its period (every day, or Mondays). For each person
due it writes a :class:`~iecommons.desk.models.DigestSent` row, unique per person and period,
and sends the e-mail after that row commits: a second run the same day, a second worker, or
a retried job finds the row and sends nothing. A person with nothing that needs it gets no
e-mail (the row is still written, so the period is settled).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iecommons.accounts.models import User
from iecommons.authz.desk import can_choose_digest
from iecommons.authz.scope import forget_scope, require
from iecommons.common import audit
from iecommons.desk.digest import digest_lines
from iecommons.desk.models import DigestPreference, DigestSent

logger = logging.getLogger(__name__)
LANGUAGES = ("zh-hans", "en")


def digest_preference_set(*, actor: Any, frequency: str, language: str) -> DigestPreference:
    """Choose one's own digest (never, daily, weekly) and its language."""
    require(can_choose_digest(actor))
    if frequency not in DigestPreference.Frequency.values:
        raise ValidationError({"frequency": _("Never, daily or weekly is expected.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Chinese or English is expected.")})
    with transaction.atomic():
        preference, created = DigestPreference.objects.select_for_update().get_or_create(
            user=actor, defaults={"frequency": frequency, "language": language}
        )
        before = None if created else audit.snapshot(preference)
        preference.frequency = frequency
        preference.language = language
        preference.save()
        audit.record(
            actor=actor, instance=preference, operation="digest_preference_set", before=before
        )
    return preference


def _period_start(frequency: str, today: datetime.date) -> datetime.date | None:
    """The period a digest sent today belongs to, or None if none is sent today."""
    if frequency == DigestPreference.Frequency.DAILY:
        return today
    if frequency == DigestPreference.Frequency.WEEKLY and today.weekday() == 0:
        return today
    return None


def _send(user: User, subject: str, body: str) -> None:
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


def digest_send(*, preference: DigestPreference, today: datetime.date) -> bool:
    """Send ``preference.user`` its digest for today's period; False if already sent, not
    due today, or there is nothing to say."""
    start = _period_start(preference.frequency, today)
    user = preference.user
    if start is None or not user.is_active:
        return False
    with translation.override(preference.language):
        forget_scope(user)
        lines = digest_lines(user, today=today)
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=user,
                    frequency=preference.frequency,
                    period_start=start,
                    items=[line.as_json() for line in lines],
                )
                if not lines or not user.email:
                    return False
                site = settings.SITE_URL.rstrip("/")
                subject = _("IE Commons: %(count)d things need you") % {"count": len(lines)}
                body = render_to_string(
                    "desk/digest_email.txt",
                    {"user": user, "lines": lines, "site": site, "today": today},
                )
                transaction.on_commit(lambda: _send(user, subject, body))
        except IntegrityError:
            return False  # this period's digest went out already
    return True


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send every digest due today; return how many e-mails were sent."""
    today = timezone.localdate(now)
    sent = 0
    preferences = DigestPreference.objects.exclude(
        frequency=DigestPreference.Frequency.NEVER
    ).select_related("user")
    for preference in preferences.iterator(chunk_size=200):
        try:
            sent += digest_send(preference=preference, today=today)
        except Exception:  # one person's digest must not stop the others'
            logger.exception("the digest of user %s failed", preference.user_id)
    return sent
