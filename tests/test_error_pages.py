"""Error pages are friendly, translated, and never show a stack trace."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def _explode(request: Any) -> Any:
    raise RuntimeError("secret internal detail")


urlpatterns = [path("explode", _explode)]


def test_a_missing_page_gets_the_layout_in_chinese_by_default(client: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "页面不存在" in html
    assert "/i18n/language/en/" in html


def test_a_missing_page_speaks_english_when_asked(client: Any) -> None:
    response = client.get("/no-such-page/", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_shows_no_stack_trace(client: Any) -> None:
    client.raise_request_exception = False
    response = client.get("/explode")
    assert response.status_code == 500
    html = response.content.decode()
    assert "出错了" in html
    assert "secret internal detail" not in html
    assert "Traceback" not in html


def test_pagination_keeps_the_filters(rf: Any) -> None:
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/", {"q": "轨道", "level": "national", "page": "2"})
    page = Paginator(list(range(50)), 10).page(2)
    html = render_to_string("partials/pagination.html", {"page": page}, request=request)
    assert "q=%E8%BD%A8%E9%81%93&amp;level=national&amp;page=1" in html
    assert "page=3" in html
    assert "11–20" in html
