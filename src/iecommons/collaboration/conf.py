"""Settings of the collaboration area, each read once from the environment with a default.

They live here rather than in ``config/settings.py`` so that the area is self-contained;
a project may still override them in its settings module.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from iecommons.common.env import env_int

#: Largest document a community may upload, in bytes (``COLLABORATION_DOCUMENT_MAX_BYTES``).
DEFAULT_DOCUMENT_MAX_BYTES = env_int(
    "COLLABORATION_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024
)

#: File name extensions a document may have, with the content types we store for them.
DOCUMENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
    "csv": "text/csv",
}

#: Hours a booking request may wait for an answer before the secretariat hears of it,
#: for communities without their own setting.
DEFAULT_BOOKING_RESPONSE_HOURS = 72


def document_max_bytes() -> int:
    """The upload limit; a test may change it with ``settings.COLLABORATION_DOCUMENT_MAX_BYTES``."""
    return int(getattr(settings, "COLLABORATION_DOCUMENT_MAX_BYTES", DEFAULT_DOCUMENT_MAX_BYTES))


#: The longest a single booking may last. Bounding it lets the conflict check read only
#: the bookings that start in ``[start - MAX_BOOKING_LENGTH, end)`` through an index.
MAX_BOOKING_LENGTH = datetime.timedelta(days=31)
