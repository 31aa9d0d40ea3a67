"""The narrative of a report: HTML a secretariat writes, cleaned before it is stored.

What survives is an allow-list (Ammonia, through ``nh3``): paragraphs, headings, emphasis,
lists, quotations, tables and images. Scripts, styles, event handlers, links and every other
tag or attribute are removed, with their content for scripts and styles. An image must be
embedded (``data:image/png|jpeg|gif;base64,…``): the PDF renderer fetches nothing from the
network, so an image at an address is dropped. An embedded image larger than
``REPORT_IMAGE_MAX_BYTES`` or wider or taller than ``REPORT_IMAGE_MAX_PIXELS`` is refused with
the section and the image named, as is a section longer than ``REPORT_SECTION_MAX_CHARS``:
a refusal stores nothing.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "sub", "sup", "h3", "h4", "ul", "ol", "li",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan"}, "th": {"colspan"}}
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif")

_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SOURCE = re.compile(r'\bsrc="([^"]*)"', re.IGNORECASE)
_DATA_URI = re.compile(r"^data:(image/[a-z]+);base64,(.*)$", re.IGNORECASE | re.DOTALL)
_REMOVED = re.compile(r"<\s*(script|style|iframe|object|embed)\b|\son[a-z]+\s*=", re.IGNORECASE)


class NarrativeRefusedError(ValueError):
    """A section of the narrative cannot be stored; the message names it and why."""

    def __init__(self, section: str, message: str) -> None:
        super().__init__(message)
        self.section = section


@dataclass(frozen=True)
class CleanSection:
    html: str
    stripped: bool  # something active (a script, a style, an event handler) was removed
    images_dropped: int  # images at an address, which the report cannot fetch


def _check_image(section: str, label: str, number: int, source: str) -> None:
    match = _DATA_URI.match(source)
    if match is None:
        return  # dropped by the caller
    kind, payload = match.group(1).lower(), match.group(2)
    if kind not in IMAGE_TYPES:
        raise NarrativeRefusedError(
            section,
            _("%(section)s: image %(number)d is %(kind)s; PNG, JPEG or GIF expected.")
            % {"section": label, "number": number, "kind": kind},
        )
    limit = int(settings.REPORT_IMAGE_MAX_BYTES)
    if len(payload) * 3 // 4 > limit:
        raise NarrativeRefusedError(
            section,
            _("%(section)s: image %(number)d is larger than %(limit)d KB.")
            % {"section": label, "number": number, "limit": limit // 1024},
        )
    try:
        data = base64.b64decode(payload, validate=False)
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError):
        raise NarrativeRefusedError(
            section,
            _("%(section)s: image %(number)d cannot be read as an image.")
            % {"section": label, "number": number},
        ) from None
    pixels = int(settings.REPORT_IMAGE_MAX_PIXELS)
    if width > pixels or height > pixels:
        raise NarrativeRefusedError(
            section,
            _(
                "%(section)s: image %(number)d is %(width)d × %(height)d pixels; "
                "at most %(pixels)d on each side."
            )
            % {
                "section": label,
                "number": number,
                "width": width,
                "height": height,
                "pixels": pixels,
            },
        )


def clean_section(section: str, label: str, html: str) -> CleanSection:
    """The stored form of one narrative section, or :class:`NarrativeRefusedError`."""
    limit = int(settings.REPORT_SECTION_MAX_CHARS)
    if len(html) > limit:
        raise NarrativeRefusedError(
            section,
            _("%(section)s: %(length)d characters; at most %(limit)d.")
            % {"section": label, "length": len(html), "limit": limit},
        )
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"data"},
        clean_content_tags={"script", "style"},
        link_rel=None,
    )
    dropped = 0
    kept: list[str] = []
    for number, tag in enumerate(_IMAGE.findall(cleaned), start=1):
        source = _SOURCE.search(tag)
        if source is None or not source.group(1).lower().startswith("data:"):
            dropped += 1
            continue
        _check_image(section, label, number, source.group(1))
        kept.append(tag)

    def keep_embedded(match: re.Match[str]) -> str:
        return match.group(0) if match.group(0) in kept else ""

    cleaned = _IMAGE.sub(keep_embedded, cleaned).strip()
    return CleanSection(html=cleaned, stripped=bool(_REMOVED.search(html)), images_dropped=dropped)
