"""Every form field of the platform is drawn in the UI kit, however a template writes it.

A select without ``form-select`` shows as the browser's bare grey box beside the kit's
fields (the desk's digest choice did, because its template wrote ``{{ form.field }}``).
The form renderer dresses every widget, so this walks every form class of every app and
draws each of its fields the way ``{{ form.field }}`` does.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from tests.fixtures import World

import iecommons

TAG = re.compile(r"<(select|textarea|input)\b([^>]*)>")
CLASS = re.compile(r'class="([^"]*)"')
TYPE = re.compile(r'type="([^"]*)"')


def _form_modules() -> Iterator[str]:
    for module in pkgutil.walk_packages(iecommons.__path__, "iecommons."):
        parts = module.name.split(".")
        if "forms" in parts or parts[-1].startswith("forms"):
            yield module.name


def _every_form_class() -> list[type[forms.BaseForm]]:
    for name in _form_modules():
        importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("iecommons.") and subclass.base_fields:
                found.append(subclass)
    return sorted(set(found), key=lambda form: f"{form.__module__}.{form.__qualname__}")


FORMS = _every_form_class()


def _wanted(tag: str, input_type: str) -> str | None:
    if tag == "select":
        return "form-select"
    if tag == "textarea":
        return "form-control"
    if input_type in ("hidden", "submit", "button"):
        return None
    if input_type in ("checkbox", "radio"):
        return "form-check-input"
    return "form-control"


def test_the_walk_finds_the_forms_of_every_app() -> None:
    apps = {form.__module__.split(".")[1] for form in FORMS}
    assert {"registry", "projects", "assessment", "policy", "talent", "desk"} <= apps


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__qualname__)
def test_every_field_is_drawn_with_the_kit_class(form_class: type[forms.BaseForm]) -> None:
    renderer = form_class.default_renderer or forms.renderers.get_default_renderer()
    unstyled = []
    for name, field in form_class.base_fields.items():
        html = field.widget.render(name, None, attrs={"id": f"id_{name}"}, renderer=renderer)
        for tag, attributes in TAG.findall(html):
            type_match = TYPE.search(attributes)
            wanted = _wanted(tag, type_match.group(1) if type_match else "")
            class_match = CLASS.search(attributes)
            classes = class_match.group(1).split() if class_match else []
            if wanted is not None and wanted not in classes:
                unstyled.append(f"{name}: <{tag}{attributes}>")
    assert not unstyled, unstyled


def test_the_desk_digest_choice_uses_the_kit_select(world: World) -> None:
    client = Client()
    client.force_login(world.secretary)
    html = client.get(reverse("desk:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    selects = re.findall(r"<select\b[^>]*>", html)
    digest = [tag for tag in selects if 'name="frequency"' in tag or 'name="language"' in tag]
    assert len(digest) == 2
    assert all("form-select" in tag for tag in digest), digest
