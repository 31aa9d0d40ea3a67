"""English choice labels start with a capital letter, in every app.

They stand alone as badges, table cells and select options ("Planned", "Weekly (Mondays)"),
so a lowercase one ("planned", "draft") reads as a slip beside the rest. This walks every
choice the platform defines: each model field's choices, each ``TextChoices`` /
``IntegerChoices`` class (some only feed forms and filters), and each form's choice fields.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils import translation

import iecommons


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(iecommons.__path__, "iecommons."):
        if ".migrations" in module.name or module.name.startswith("iecommons.cli"):
            continue
        if module.name.split(".")[-1] in ("__main__", "manage", "wsgi", "asgi"):
            continue
        importlib.import_module(module.name)


def _subclasses(root: type) -> Iterator[type]:
    pending = [root]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            yield subclass


def _labels() -> Iterator[tuple[str, object]]:
    _import_every_module()
    for model in apps.get_models():
        if not model.__module__.startswith("iecommons."):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                for value, label in field.flatchoices:  # type: ignore[union-attr]
                    yield f"{model._meta.label}.{field.name}={value}", label
    for choices in _subclasses(models.Choices):
        if choices.__module__.startswith("iecommons."):
            for member in choices:  # type: ignore[attr-defined]
                yield f"{choices.__module__}.{choices.__qualname__}.{member.name}", member.label
    for form in _subclasses(forms.BaseForm):
        if not form.__module__.startswith("iecommons."):
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                for value, label in field.choices:  # type: ignore[misc]
                    if not isinstance(label, (list, tuple)):
                        yield f"{form.__module__}.{form.__qualname__}.{name}={value}", label


@pytest.mark.django_db
def test_every_english_choice_label_starts_with_a_capital() -> None:
    with translation.override("en"):
        labels = {where: str(label) for where, label in _labels()}
    assert len(labels) > 200, "the walk should find the choices of every app"
    lowercase = sorted(
        f"{where}: {label!r}" for where, label in labels.items() if label[:1] != label[:1].upper()
    )
    assert not lowercase, "\n".join(lowercase)


@pytest.mark.django_db
def test_the_chinese_labels_are_unchanged_by_capitals() -> None:
    from iecommons.desk.models import DigestPreference
    from iecommons.talent.models import Course

    with translation.override("zh-hans"):
        assert str(Course.Status.PLANNED.label) == "规划中"
        assert str(DigestPreference.Frequency.WEEKLY.label) != "Weekly (Mondays)"
