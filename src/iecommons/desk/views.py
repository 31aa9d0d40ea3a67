"""The home page after sign-in: each desk of the person, one after another."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from iecommons.desk.selectors import desks_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/home.html", {"desks": desks_for(request.user)})
