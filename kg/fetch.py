"""Fetching article pages over HTTP(S) with requests: limits on time, size and redirects.

Only ``http`` and ``https`` URLs are fetched, with kg's User-Agent, at most ``max_redirects``
redirects (each to http or https), a per-read ``timeout`` and an overall deadline, and at most
``max_bytes`` of body (streamed: a larger page is cut off as soon as it exceeds the cap, whatever its
Content-Length says). Only HTML answers are accepted. Every failure is a FetchError with one line:
the URL and what went wrong (HTTP status, timeout, content type, size, ...).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests

from . import __version__
from ._util import one_line
from .errors import FetchError

__all__ = [
    "USER_AGENT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "HTML_TYPES",
    "Page",
    "is_url",
    "check_url",
    "fetch",
]

USER_AGENT = f"kg/{__version__} (+https://w3id.org/kg-indonesia/; knowledge graph of Indonesian news)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Page:
    """A fetched HTML page: the URL asked for, the URL it ended at, its body, charset and fetch time."""

    requested_url: str
    url: str
    body: bytes
    encoding: str | None
    retrieved: datetime
    status: int = 200


def is_url(text: str) -> bool:
    """Return whether ``text`` looks like a URL (``scheme://...``) rather than a file path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text))


def check_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL with a host; raise FetchError saying why not."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host")
    return url


def _content_type(response: requests.Response) -> tuple[str, str | None]:
    """Return the media type (lower case, no parameters) and the charset of ``response``."""
    header = response.headers.get("Content-Type", "")
    media = header.split(";", 1)[0].strip().lower()
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", header, re.IGNORECASE)
    return media, (m.group(1) if m else None)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    user_agent: str = USER_AGENT,
    session: requests.Session | None = None,
) -> Page:
    """Return the HTML page at ``url``; raise FetchError (one line) if it cannot be fetched.

    ``timeout`` bounds each connect and read and, with a little slack, the whole download.
    """
    check_url(url)
    own = session is None
    http = session or requests.Session()
    http.max_redirects = max_redirects
    started = time.monotonic()
    try:
        response = http.get(
            url,
            headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
            timeout=timeout,
            stream=True,
            allow_redirects=True,
        )
    except requests.exceptions.TooManyRedirects:
        raise FetchError(f"{url}: too many redirects (more than {max_redirects})") from None
    except requests.exceptions.InvalidSchema:  # a redirect to ftp:, file:, ...
        raise FetchError(f"{url}: redirected to a URL that is not http or https") from None
    except requests.exceptions.Timeout:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except requests.exceptions.ConnectionError as e:
        raise FetchError(f"{url}: cannot connect ({_reason(e)})") from None
    except requests.exceptions.RequestException as e:
        raise FetchError(f"{url}: {_reason(e)}") from None
    try:
        return _read(url, response, started, timeout, max_bytes)
    finally:
        response.close()
        if own:
            http.close()


def _read(url: str, response: requests.Response, started: float, timeout: float, max_bytes: int) -> Page:
    """Return the Page of ``response`` after checking its status, type and size."""
    final = response.url or url
    if urlsplit(final).scheme.lower() not in _SCHEMES:
        raise FetchError(f"{url}: redirected to a URL that is not http or https")
    if response.status_code == 404:
        raise FetchError(f"{url}: not found (HTTP 404)")
    if response.status_code >= 400:
        raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
    media, charset = _content_type(response)
    if media not in HTML_TYPES:
        raise FetchError(f"{url}: not an HTML page (Content-Type: {media or 'none'})")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: too large ({_size(int(declared))}; the limit is {_size(max_bytes)})")
    chunks: list[bytes] = []
    total = 0
    deadline = started + 2 * timeout
    try:
        for chunk in response.iter_content(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(f"{url}: too large (more than {_size(max_bytes)})")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: timed out after {2 * timeout:g} s (download too slow)")
            chunks.append(chunk)
    except requests.exceptions.RequestException as e:
        if "timed out" in str(e).lower() or isinstance(e, requests.exceptions.Timeout):
            raise FetchError(f"{url}: timed out after {timeout:g} s") from None
        raise FetchError(f"{url}: download failed ({_reason(e)})") from None
    return Page(
        requested_url=url,
        url=final,
        body=b"".join(chunks),
        encoding=charset,
        retrieved=datetime.now(UTC).replace(microsecond=0),
        status=response.status_code,
    )


def _reason(e: Exception) -> str:
    """Return the innermost readable reason of a requests exception, on one line."""
    text = str(e)
    m = re.search(r"\[Errno -?\d+\] ([^')\]]+)|(Connection refused)|(Name or service not known)", text)
    if m:
        return next(g for g in m.groups() if g)
    return one_line(text, 160)
