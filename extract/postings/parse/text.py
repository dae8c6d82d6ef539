"""HTML to readable text, keeping paragraphs and list items on their own lines."""

from __future__ import annotations

import copy
import html as html_lib
import re

from bs4 import BeautifulSoup, Tag

_BLOCK_TAGS = ("p", "li", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "tr")
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(html_or_node: str | Tag) -> str:
    """Visible text with one line per block element and collapsed whitespace."""
    if isinstance(html_or_node, str):
        if "<" not in html_or_node:
            return _normalise(html_or_node)
        node: Tag = BeautifulSoup(html_or_node, "lxml")
    else:
        node = copy.copy(html_or_node)  # never mutate the caller's tree
    for tag in node.find_all(["script", "style"]):
        tag.decompose()
    for tag in node.find_all(_BLOCK_TAGS):
        if tag.name == "li":
            tag.insert_before("\n- ")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")
    return _normalise(node.get_text())


JOB_TYPES = (
    "Full-time",
    "Part-time",
    "Contract",
    "Temporary",
    "Internship",
    "Per diem",
    "Permanent",
    "Seasonal",
    "Freelance",
    "Apprenticeship",
    "Volunteer",
    "Fixed term contract",
)
_JOB_TYPE_WORDS = {job_type.lower() for job_type in JOB_TYPES}


def is_job_type(text: str | None) -> bool:
    """True for chips such as "Full-time" (not pay, shifts or benefits)."""
    return text is not None and text.strip().lower() in _JOB_TYPE_WORDS


_LOCATION = re.compile(
    r"^(?:(?:remote|hybrid(?: work| remote)?)\s+in\s+)?(?P<city>[^,]+),\s*(?P<region>[A-Z]{2})\b",
    re.IGNORECASE,
)


def split_location(location: str | None) -> tuple[str | None, str | None]:
    """("Hybrid work in Boston, MA 02110") → ("Boston", "MA"); (None, None) if no city."""
    if not location:
        return None, None
    match = _LOCATION.match(location.strip())
    if match is None:
        return None, None
    return match.group("city").strip(), match.group("region").upper()


_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_BLOCK = re.compile(r"</?(?:p|div|br|ul|ol|tr|h[1-6])\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def clean_fragment(fragment: str) -> str:
    """:func:`clean_text` for small, well-formed snippets, without building a tree.

    Card snippets are a few list items; a BeautifulSoup tree per card would cost more
    than the rest of a search page's parse.
    """
    text = _LIST_ITEM.sub("\n- ", fragment)
    text = _BLOCK.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return _normalise(html_lib.unescape(text))


def _normalise(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    joined = "\n".join(line for line in lines)
    return _BLANK_LINES.sub("\n\n", joined).strip()
