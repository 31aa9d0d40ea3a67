"""Constants of the collaboration area. What a document may be, and how large, is the
``DOCUMENTS`` policy of ``common.uploads`` (its limit is the ``DOCUMENT_MAX_BYTES`` setting)."""

from __future__ import annotations

import datetime

#: Hours a booking request may wait for an answer before the secretariat hears of it,
#: for communities without their own setting.
DEFAULT_BOOKING_RESPONSE_HOURS = 72


#: The longest a single booking may last. Bounding it lets the conflict check read only
#: the bookings that start in ``[start - MAX_BOOKING_LENGTH, end)`` through an index.
MAX_BOOKING_LENGTH = datetime.timedelta(days=31)
