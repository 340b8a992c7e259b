"""Fetching pages: http(s) only, User-Agent, redirects within limits, one-line errors, time and size caps."""

from __future__ import annotations

import time

import pytest

from kg.errors import FetchError
from kg.fetch import USER_AGENT, check_url, fetch, is_url


def test_a_page_is_fetched_with_the_user_agent(news_server) -> None:
    base, agents = news_server
    page = fetch(f"{base}/page/berita-ikm.html")
    assert b"Reni Yanita" in page.body
    assert page.url == page.requested_url == f"{base}/page/berita-ikm.html"
    assert page.encoding == "utf-8"
    assert page.retrieved.tzinfo is not None
    assert agents[-1] == USER_AGENT


def test_a_redirect_is_followed_to_its_final_url(news_server) -> None:
    base, _ = news_server
    page = fetch(f"{base}/moved")
    assert page.requested_url == f"{base}/moved"
    assert page.url == f"{base}/page/berita-ikm.html"
    assert b"Reni Yanita" in page.body


@pytest.mark.parametrize(
    ("path", "options", "fragment"),
    [
        ("/missing", {}, "not found (HTTP 404)"),
        ("/page/nothing.html", {}, "not found (HTTP 404)"),
        ("/slow", {"timeout": 0.5}, "timed out after 0.5 s"),
        ("/big", {}, "too large (20 MB; the limit is 5 MB)"),
        ("/big-stream", {}, "too large (more than 5 MB)"),
        ("/big-stream", {"max_bytes": 1000}, "too large (more than 1000 bytes)"),
        ("/pdf", {}, "not an HTML page (Content-Type: application/pdf)"),
        ("/loop", {}, "too many redirects (more than 5)"),
        ("/loop", {"max_redirects": 1}, "too many redirects (more than 1)"),
        ("/ftp", {}, "redirected to a URL that is not http or https"),
    ],
)
def test_bad_answers_are_one_line_errors(news_server, path: str, options: dict, fragment: str) -> None:
    base, _ = news_server
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}{path}", **options)
    message = str(caught.value)
    assert message.startswith(f"{base}{path}: ") and fragment in message, message
    assert "\n" not in message
    assert time.monotonic() - started < 4  # never waits for the slow page nor reads all 20 MB


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://example.org/a.html", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http:///nohost", "has no host"),
    ],
)
def test_only_http_and_https_urls(url: str, fragment: str) -> None:
    with pytest.raises(FetchError, match=fragment):
        check_url(url)


def test_an_unreachable_host_is_one_line() -> None:
    from conftest import free_port

    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{free_port()}/berita", timeout=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("https://a.go.id/x", True), ("HTTP://A", True), ("seeds/a.txt", False), ("C:\\a.txt", False)],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected
