"""What a saved page is: a search page, a job's detail page, a no-results page, a
block, or unknown — decided by what the page *is*, not by what it happens to contain.

Rules, in order:

1. **block** — :func:`~extract.postings.parse.blocks.detect_block` says so.
2. The page's evidence is gathered:
   - a *result list*: the embedded job-cards assignment
     (``window.mosaic.providerData["mosaic-provider-jobcards"]=``) or job cards in the
     DOM (``div.job_seen_beacon`` 2022–24, ``a.tapItem[data-jk]`` 2021–22,
     ``div.jobsearch-SerpJobCard[data-jk]`` ≤ 2020);
   - *one job's content*: ``#jobDescriptionText``, an ``_initialData`` blob with
     ``jobInfoWrapperModel``, or a JSON-LD ``JobPosting``;
   - Indeed's no-results markers;
   - the page's own address (the ``url`` given, else ``<link rel=canonical>`` or
     ``og:url``): ``/viewjob`` is a detail page, ``/jobs`` or ``/q-…-jobs.html`` a search.
3. A result list makes a **search** page, even when it also carries the selected
   job's full description in a right-hand pane (``jobsearch-ViewJobLayout`` with its
   own ``#jobDescriptionText``) — unless the page's address says ``/viewjob``, or it
   carries a viewjob ``_initialData`` blob and no job-cards assignment: then it is a
   **detail** page whose "similar jobs" happen to be cards.
   Indeed's no-results markers without any job cards make **no-results** (such a
   page still carries the job-cards assignment, with an empty list).
4. Without a result list, one job's content makes **detail**; anything else is
   **unknown** (the caller reports it as unparseable, naming the file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from extract.postings.parse.blocks import Block, detect_block

JOBCARDS_MARKER = 'window.mosaic.providerData["mosaic-provider-jobcards"]'
_CARD_MARKERS = (
    f"{JOBCARDS_MARKER}=",
    "job_seen_beacon",
    "jobsearch-SerpJobCard",
)
_TAP_ITEM = re.compile(r"<a\b[^>]*\btapItem\b[^>]*\bdata-jk=|<a\b[^>]*\bdata-jk=[^>]*\btapItem\b")
_NO_RESULTS_MARKERS = ("jobsearch-NoResult", "did not match any jobs")
_CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']canonical[\"'][^>]*\bhref=[\"']([^\"']+)"
    r"|<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent=[\"']([^\"']+)",
    re.IGNORECASE,
)
_SEARCH_PATH = re.compile(r"^/(?:jobs|m/jobs)/?$|^/q-[^/]*-jobs\.html$")


@dataclass(frozen=True)
class PageClass:
    kind: str  # search, detail, no-results, block, unknown
    evidence: str
    block: Block | None = None


def page_url(text: str) -> str | None:
    """The page's own address from ``<link rel=canonical>`` or ``og:url``."""
    match = _CANONICAL.search(text, 0, 200_000)
    if match is None:
        return None
    return (match.group(1) or match.group(2)).replace("&amp;", "&")


def _url_kind(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path
    if path.rstrip("/").endswith("/viewjob"):
        return "detail"
    if _SEARCH_PATH.match(path):
        return "search"
    return None


def _has_card_markup(text: str) -> bool:
    return any(marker in text for marker in _CARD_MARKERS[1:]) or bool(_TAP_ITEM.search(text))


def has_result_list(text: str) -> bool:
    return _CARD_MARKERS[0] in text or _has_card_markup(text)


def has_job_detail(text: str) -> bool:
    return (
        'id="jobDescriptionText"' in text
        or "jobInfoWrapperModel" in text
        or re.search(r"\"@type\"\s*:\s*\"JobPosting\"", text) is not None
    )


def is_no_results_page(text: str) -> bool:
    return any(marker in text for marker in _NO_RESULTS_MARKERS)


def classify_page(
    text: str,
    *,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
    url: str | None = None,
) -> PageClass:
    """The page's kind and the evidence for it (see the module's rules)."""
    block = detect_block(text, status, headers)
    if block is not None:
        return PageClass("block", f"{block.kind}: {block.evidence}", block)
    address = url or page_url(text)
    by_address = _url_kind(address)
    if is_no_results_page(text) and not _has_card_markup(text):
        # The job-cards assignment is there too, with an empty list.
        return PageClass("no-results", "Indeed's no-results markers and no job cards")
    results = has_result_list(text)
    detail = has_job_detail(text)
    if results and detail:
        if by_address == "detail":
            return PageClass("detail", f"job content and its address {address} is a job page")
        if by_address is None and "jobInfoWrapperModel" in text and JOBCARDS_MARKER not in text:
            return PageClass("detail", "a viewjob _initialData blob and no job-cards list")
        return PageClass("search", "a result list, with the selected job in a detail pane")
    if results:
        return PageClass("search", "a result list")
    if detail:
        return PageClass("detail", "one job's content")
    return PageClass("unknown", "no result list, no job content, no no-results markers")
