"""Helpers every service uses: field-level refusals and model validation."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models


def refuse(field: str, message: str) -> ValidationError:
    """A refusal naming the field; raise it from a service."""
    return ValidationError({field: [message]})


def validate_model(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's field, uniqueness and constraint checks; raise one ValidationError
    whose message dict names every bad field."""
    instance.full_clean(exclude=list(exclude))
