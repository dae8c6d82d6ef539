"""Recognise block, challenge and captcha pages before trying to parse them.

Selenium cannot read the HTTP status of a navigation, so the fetcher reads it from
Chrome's performance log when it can; detection here works from the status when known
and always from the page itself (title and tell-tale markup), so it also works on
saved files whose status was never recorded.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

# (kind, title pattern) — the titles Cloudflare, its interstitial and hCaptcha use.
_TITLE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cloudflare_block", re.compile(r"attention required!?\s*\|\s*cloudflare", re.I)),
    ("cloudflare_challenge", re.compile(r"^\s*just a moment\.*\s*$", re.I)),
    ("cloudflare_challenge", re.compile(r"^\s*please wait\.*\s*\|\s*cloudflare", re.I)),
    ("captcha", re.compile(r"hcaptcha|captcha", re.I)),
    ("captcha", re.compile(r"^\s*security check\b", re.I)),
    ("blocked", re.compile(r"^\s*access denied\b", re.I)),
)

# Markup that only block and challenge pages carry.
_BODY_MARKERS: tuple[tuple[str, str], ...] = (
    ("cloudflare_block", 'id="cf-error-details"'),
    ("cloudflare_block", "Sorry, you have been blocked"),
    ("cloudflare_challenge", "challenge-platform"),
    ("cloudflare_challenge", 'id="challenge-running"'),
    ("cloudflare_challenge", "cf-chl-"),
    ("captcha", 'class="h-captcha"'),
    ("captcha", 'class="g-recaptcha"'),
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


def detect_block(text: str, status: int | None = None) -> Block | None:
    """The block this page represents, or ``None`` for an ordinary page."""
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
    if status == 403:
        return Block("blocked", "HTTP 403 Forbidden")
    return None
