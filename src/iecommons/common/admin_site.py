"""The Django admin's site: every change saved in it moves the data version on.

The admin writes rows directly, past the services and their audit trail. Without this,
the pages, fragments and values kept per data version (:mod:`iecommons.common.page_cache`)
would go on showing the rows as they were before an operator's correction until some
later audited write, or until they expire.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., Any])


class AdminSite(admin.AdminSite):
    def admin_view(self, view: View, cacheable: bool = False) -> View:
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = inner(request, *args, **kwargs)
            # After the view: its transaction has committed, so no page rendered from the
            # old rows can be kept under the new version.
            if request.method == "POST":
                # Imported here: this module is loaded with the app registry, before models.
                from iecommons.common.audit import data_version_bump

                data_version_bump()
            return response

        return cast("View", update_wrapper(wrapper, inner))


class IECommonsAdminConfig(AdminConfig):
    default_site = "iecommons.common.admin_site.AdminSite"
