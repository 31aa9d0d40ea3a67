"""Notifications: stored in the app at once, e-mailed only after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction

from iecommons.common.models import Notification


def notify(
    *, recipients: Iterable[Any], subject: str, body: str = "", link: str = "", email: bool = True
) -> list[Notification]:
    """Notify each recipient (users; duplicates and inactive users are skipped).

    Call it inside the service's transaction: if the write rolls back, so does the
    notification, and no e-mail leaves.
    """
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, subject=subject[:200], body=body, link=link)
            for user in users.values()
        ]
    )
    addresses = [user.email for user in users.values() if user.email]
    if email and addresses:
        message = f"{body}\n\n{link}".strip()
        transaction.on_commit(
            lambda: send_mail(
                subject=subject,
                message=message,
                from_email=None,
                recipient_list=addresses,
                fail_silently=True,
            )
        )
    return notifications
