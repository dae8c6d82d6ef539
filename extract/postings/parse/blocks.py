"""Recognise block, challenge and captcha pages before trying to parse them.

Decided only from what block and challenge pages have and ordinary pages do not:

1. their titles ("Attention Required! | Cloudflare", "Just a moment...", hCaptcha's);
2. their markup: Cloudflare's error box (``cf-error-details``, "Sorry, you have been
   blocked") and challenge machinery (``id="challenge-form"``, ``window._cf_chl_opt``,
   ``__cf_chl_`` tokens, ``cf-chl-`` widgets);
3. the HTTP status: 429 is a rate limit; 403/503 with Cloudflare's headers
   (``cf-mitigated: challenge``, ``server: cloudflare``) is Cloudflare's answer;
4. weaker signs — a bare 403, a captcha widget, an "Access denied" title — count only
   on a page that carries no job content at all.

Never from scripts that ordinary pages carry: sites behind Cloudflare get its
bot-management script (``window.__CF$cv$params``, ``/cdn-cgi/challenge-platform/
scripts/jsd/main.js``) injected into every normal page, so ``challenge-platform`` in a
page says nothing about a block.

Selenium cannot read the HTTP status of a navigation, so the fetcher reads it from
Chrome's performance log when it can; detection also works without it, on saved files
whose status was never recorded.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

# (kind, title pattern): titles only block, challenge and captcha pages use.
_TITLE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cloudflare_block", re.compile(r"attention required!?\s*\|\s*cloudflare", re.I)),
    ("cloudflare_challenge", re.compile(r"^\s*just a moment\.*\s*$", re.I)),
    ("cloudflare_challenge", re.compile(r"^\s*please wait\.*\s*\|\s*cloudflare", re.I)),
    ("captcha", re.compile(r"hcaptcha|\bcaptcha\b", re.I)),
)
# Titles that may also be an ordinary page's: a block only without job content.
_WEAK_TITLE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("captcha", re.compile(r"^\s*security check\b", re.I)),
    ("blocked", re.compile(r"^\s*(?:access denied|403 forbidden|forbidden)\b", re.I)),
    ("rate_limited", re.compile(r"^\s*429\b|too many requests", re.I)),
)

# Markup only Cloudflare's block and challenge pages carry.
_BODY_MARKERS: tuple[tuple[str, str], ...] = (
    ("cloudflare_block", 'id="cf-error-details"'),
    ("cloudflare_block", "Sorry, you have been blocked"),
    ("cloudflare_challenge", 'id="challenge-form"'),
    ("cloudflare_challenge", "window._cf_chl_opt"),
    ("cloudflare_challenge", "__cf_chl_"),
    ("cloudflare_challenge", "cf-chl-"),
    ("cloudflare_challenge", 'id="challenge-running"'),
    ("cloudflare_challenge", 'id="challenge-stage"'),
)
# Widgets an ordinary page may embed (an apply form): a block only without job content.
_WEAK_BODY_MARKERS: tuple[tuple[str, str], ...] = (
    ("captcha", 'class="h-captcha"'),
    ("captcha", 'class="g-recaptcha"'),
    ("captcha", "hcaptcha.com/1/api.js"),
)

# Any of these means the page has job content (a search result list, a job, or
# an honest "no results").
JOB_CONTENT_MARKERS = (
    'mosaic-provider-jobcards"]=',
    'id="mosaic-provider-jobcards"',
    "job_seen_beacon",
    "jobsearch-SerpJobCard",
    'id="jobDescriptionText"',
    "jobInfoWrapperModel",
    '"JobPosting"',
    "jobsearch-NoResult",
    "did not match any jobs",
)


@dataclass(frozen=True)
class Block:
    kind: str
    evidence: str


def page_title(text: str) -> str | None:
    match = _TITLE.search(text, 0, 20_000)
    if match is None:
        return None
    return " ".join(html_lib.unescape(match.group(1)).split())


def has_job_content(text: str) -> bool:
    return any(marker in text for marker in JOB_CONTENT_MARKERS)


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    for key, value in headers.items():
        if key.lower() == name:
            return str(value).lower()
    return ""


def detect_block(
    text: str, status: int | None = None, headers: Mapping[str, str] | None = None
) -> Block | None:
    """The block this page represents, or ``None`` for an ordinary page.

    ``headers`` are the response headers when known (names in any case).
    """
    title = page_title(text)
    if title:
        for kind, pattern in _TITLE_MARKERS:
            if pattern.search(title):
                return Block(kind, f'title "{title}"')
    for kind, marker in _BODY_MARKERS:
        if marker in text:
            return Block(kind, f"page contains {marker!r}")
    if status == 429:
        return Block("rate_limited", "HTTP 429 Too Many Requests")
    if status in (403, 503) and _header(headers, "cf-mitigated") == "challenge":
        return Block("cloudflare_challenge", f"HTTP {status} with cf-mitigated: challenge")
    if status in (403, 503) and (
        _header(headers, "server") == "cloudflare" or _header(headers, "cf-ray")
    ):
        return Block("cloudflare_block", f"HTTP {status} from Cloudflare (server/cf-ray)")
    if has_job_content(text):
        return None
    if title:
        for kind, pattern in _WEAK_TITLE_MARKERS:
            if pattern.search(title):
                return Block(kind, f'title "{title}" and no job content')
    for kind, marker in _WEAK_BODY_MARKERS:
        if marker in text:
            return Block(kind, f"page contains {marker!r} and no job content")
    if status == 403:
        return Block("blocked", "HTTP 403 Forbidden and no job content")
    return None
