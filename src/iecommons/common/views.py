"""Views that belong to no business area."""

from pathlib import Path

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import i18n as i18n_views
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


# Choosing the display language changes nothing but a cookie, so a forged request can do
# no harm; without the token, the anonymous pages that carry this form can be cached.
set_language = csrf_exempt(i18n_views.set_language)


_FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for whatever the page links."""
    return HttpResponse(_FAVICON.read_bytes(), content_type="image/x-icon")
