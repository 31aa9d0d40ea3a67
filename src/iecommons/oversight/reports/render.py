"""A report's figures and narrative drawn as a PDF (WeasyPrint), in Chinese or English.

The PDF is drawn from the stored figures, never from live queries, so a submitted report
prints the numbers it was submitted with. Fonts come from the system (``fonts-noto-cjk``):
WeasyPrint embeds the subsets it uses, so Chinese text stays text that a PDF reader can
search and copy. The renderer fetches nothing: only ``data:`` addresses are allowed (the
narrative's embedded images); anything else is refused by the URL fetcher.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import nh3
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA
from weasyprint.urls import URLFetcher

from iecommons.assessment.labels import grade_label
from iecommons.oversight.reports import charts
from iecommons.oversight.reports.figures import AREAS, SOURCES
from iecommons.oversight.reports.labels import (
    METRICS,
    NARRATIVE_SECTIONS,
    SECTION_TITLES,
    STATUS_WORDS,
)
from iecommons.oversight.reports.sanitise import ATTRIBUTES, TAGS
from iecommons.registry.models import CouncilSeat, Organization

LANGUAGES = ("zh-hans", "en")

# WeasyPrint's user-agent stylesheet gives every element of a document six pseudo-elements
# (``::marker`` and five of footnotes and notes, by universal selectors), whose styles it
# computes for each of a report's ~460 elements: six sevenths of the cascade's work. A report
# has no footnotes or notes, and markers only on list items, so its user-agent stylesheet is
# WeasyPrint's with those rules dropped and ``::marker`` kept for ``li``. Should an upgrade
# reword them, the stylesheet is WeasyPrint's own: slower, never different.
_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.MULTILINE)
_MARKER_RULE = "\n::marker {"
_REPORT_UA = _NOTE_RULES.sub("", UA).replace(_MARKER_RULE, "\nli::marker {")
REPORT_UA_STYLESHEET = (
    # Parsed with counter styles of its own: the document's are a copy of UA_COUNTER_STYLE,
    # which holds the user-agent's @counter-style rules already.
    CSS(string=_REPORT_UA, counter_style=CounterStyle())
    if len(_NOTE_RULES.findall(UA)) == 5 and UA.count(_MARKER_RULE) == 1
    else None
)


class _ReportHTML(HTML):
    """A report's HTML, laid out with :data:`REPORT_UA_STYLESHEET`."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        if REPORT_UA_STYLESHEET is None or forms:
            return super()._ua_stylesheets(forms)
        return [REPORT_UA_STYLESHEET]


def _format(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def _narrative(narrative: dict[str, str], key: str) -> str:
    # Stored clean; cleaned again here so that a row edited behind the service's back
    # cannot put active content into a PDF.
    html = narrative.get(key, "")
    return mark_safe(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"data"}))  # noqa: S308


def _when(stamp: str) -> str:
    """An ISO time stamp of the figures as a reader's date and time (Beijing time)."""
    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _name(profile: dict[str, Any], key: str, language: str) -> str:
    if language == "en":
        return profile.get(f"{key}_en") or profile.get(f"{key}_zh") or ""
    return profile.get(f"{key}_zh") or ""


def report_context(
    figures: dict[str, Any], narrative: dict[str, str], *, language: str, status: str
) -> dict[str, Any]:
    """What the PDF template needs, with every label in the active language."""
    profile = figures["profile"]
    organisation = figures["organisation"]
    evaluation = figures.get("evaluation")
    empty = set(figures.get("empty_sections", []))
    community_name = (
        (profile.get("name_en") or profile["name"]) if language == "en" else profile["name"]
    )
    type_labels = dict(Organization.Type.choices)
    position_labels = dict(CouncilSeat.Position.choices)
    members_chart = charts.bar_chart(
        [
            charts.Bar(str(type_labels[key]), [count])
            for key, count in organisation["members_by_type"].items()
            if count
        ],
        series=[_("members")],
    )
    areas = [
        {
            "key": area,
            "title": SECTION_TITLES[area],
            "empty": area in empty,
            "metrics": [
                {"label": METRICS.get(m["key"], m["key"]), "value": _format(m["value"])}
                for m in figures["areas"][area]
            ],
            "narrative": _narrative(narrative, area),
        }
        for area in AREAS
    ]
    dimension_chart = ""
    if evaluation:
        dimension_chart = charts.bar_chart(
            [
                charts.Bar(d["name"], [d["score"], d["peer_median"]])
                for d in evaluation["dimensions"]
            ],
            series=[community_name, _("peer median")],
            maximum=100.0,
        )
    return {
        "language": language,
        "year": figures["year"],
        "status": STATUS_WORDS.get(status, status),
        "draft": status != "accepted",
        "community_name": community_name,
        "profile": profile,
        "field_name": _name(profile, "field", language),
        "region_name": _name(profile, "region", language),
        "province_name": _name(profile, "province", language),
        "organisation": organisation,
        "council": [
            {"label": position_labels.get(key, key), "count": count}
            for key, count in organisation["council"].items()
            if count
        ],
        "members_chart": mark_safe(members_chart),  # noqa: S308 - labels escaped in charts
        "membership": figures["membership"],
        "areas": areas,
        "funds": [
            {"label": METRICS.get(m["key"], m["key"]), "value": _format(m["value"])}
            for m in figures["funds"]
        ],
        "evaluation": evaluation,
        "grade_label": grade_label(evaluation["grade"]) if evaluation else "",
        "dimension_chart": mark_safe(dimension_chart),  # noqa: S308 - labels escaped
        "rectification": figures["rectification"],
        "summary": _narrative(narrative, "summary"),
        "rectification_narrative": _narrative(narrative, "rectification"),
        "outlook": _narrative(narrative, "outlook"),
        "empty_sections": [SECTION_TITLES[key] for key in figures.get("empty_sections", [])],
        "sources": [{"title": SECTION_TITLES[key], "rows": rows} for key, rows in SOURCES.items()],
        "narrative_titles": NARRATIVE_SECTIONS,
        "gathered_at": _when(figures.get("gathered_at", "")),
        "printed_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def report_html(
    figures: dict[str, Any], narrative: dict[str, str], *, language: str, status: str
) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language: one of {', '.join(LANGUAGES)} expected, not {language!r}")
    with translation.override(language):
        context = report_context(figures, narrative, language=language, status=status)
        return render_to_string("oversight/reports/pdf.html", context)


def report_pdf(
    figures: dict[str, Any], narrative: dict[str, str], *, language: str, status: str
) -> bytes:
    """The report as PDF bytes."""
    html = report_html(figures, narrative, language=language, status=status)
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = _ReportHTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf = document.write_pdf()
    if pdf is None:  # write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
