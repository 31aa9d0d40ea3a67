"""Writes of the collaboration area, split by sub-area; every name is re-exported here."""

from iecommons.collaboration.services.bookings import (
    booking_approve,
    booking_cancel,
    booking_decline,
    booking_request,
    booking_usage_record,
    bookings_escalate_overdue,
)
from iecommons.collaboration.services.communication import (
    announcement_publish,
    document_upload,
    meeting_record,
    post_create,
    thread_start,
)
from iecommons.collaboration.services.resources import (
    availability_window_add,
    availability_window_remove,
    closure_add,
    collaboration_settings_update,
    resource_create,
    resource_update,
    resource_withdraw,
)

__all__ = [
    "announcement_publish",
    "availability_window_add",
    "availability_window_remove",
    "booking_approve",
    "booking_cancel",
    "booking_decline",
    "booking_request",
    "booking_usage_record",
    "bookings_escalate_overdue",
    "closure_add",
    "collaboration_settings_update",
    "document_upload",
    "meeting_record",
    "post_create",
    "resource_create",
    "resource_update",
    "resource_withdraw",
    "thread_start",
]
