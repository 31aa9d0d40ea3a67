"""Confirmation of irreversible actions: one page, also shown as a modal dialog.

An irreversible action (publish grades, generate tasks, dissolve a community, end a
membership, revoke a token, withdraw a publication) lives at one URL:

- ``GET`` answers its **confirmation**: what will happen and to how many, the fields the
  action needs (a date, a reason, a checklist) and one button. With htmx (the trigger
  ``<a href="URL" hx-get="URL" hx-target="#confirm-dialog-content">``) it answers only the
  dialog, which ``static/js/app.js`` opens in the page's modal; without JavaScript the same
  link opens it as a page of its own.
- ``POST`` acts only when it carries the confirmation's own hidden field
  (:data:`CONFIRM_FIELD`), which only the confirmation's form sends: a POST from anywhere
  else (an old bookmark, a hand-made request) is shown the confirmation instead and
  changes nothing (:func:`is_confirmed`).
- A refused POST (a missing reason, a past deadline) shows the confirmation again as a
  page, 422, with every error beside its field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from iecommons.common.pages import REFUSED, is_refused

__all__ = ["CONFIRM_FIELD", "CONFIRM_VALUE", "Confirmation", "is_confirmed", "render_confirmation"]

#: The hidden field every confirmation form sends, and its value.
CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"

DIALOG_TEMPLATE = "partials/confirm_dialog.html"
PAGE_TEMPLATE = "common/confirm_page.html"


@dataclasses.dataclass(frozen=True)
class Confirmation:
    """What a confirmation says and where its button sends.

    ``title`` names the action and how many it touches ("Publish the grades of 960
    communities?"); ``message`` says what follows and whether it can be undone;
    ``consequences`` lists the effects one per line ("45 active memberships end");
    ``form`` holds the fields the action needs; ``body_template`` (with ``extra``) adds
    what a list of choices needs (a checklist with counts). ``tone`` is ``"danger"`` for
    what destroys or ends, ``"primary"`` for what only makes public or creates.
    """

    title: str
    message: str
    confirm_label: str
    action: str
    cancel_url: str
    consequences: Sequence[str] = ()
    form: forms.BaseForm | None = None
    tone: str = "danger"
    body_template: str = ""
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the request is the POST of a confirmation form."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def render_confirmation(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The dialog alone for an htmx GET, else the whole page; 422 when its form was refused."""
    htmx = getattr(request, "htmx", None)
    dialog = request.method == "GET" and htmx is not None and bool(htmx)
    status = REFUSED if is_refused(confirmation.form) else 200
    context = {
        "confirmation": confirmation,
        "form": confirmation.form,
        "confirm_field": CONFIRM_FIELD,
        "confirm_value": CONFIRM_VALUE,
        **confirmation.extra,
    }
    response = render(request, DIALOG_TEMPLATE if dialog else PAGE_TEMPLATE, context, status=status)
    response.headers["Vary"] = ", ".join(
        value for value in (response.headers.get("Vary"), "HX-Request") if value
    )
    return response
