"""Search-results pages: the embedded job-cards JSON first, the card DOM as fallback.

Indeed assigns ``window.mosaic.providerData["mosaic-provider-jobcards"]`` in a script;
that object is the steadiest data on the page. It is cut out with the JSON decoder
itself (``raw_decode`` stops at the matching closing brace), never with a regex over a
~100 kB blob. Pages without it are read from the card markup, newest layout first,
then the 2021–22 and pre-2020 layouts; hashed ``css-*`` classes are never used.

Money on a card is read in the site's currency: the site is the ``site_url`` the page
was fetched from, else the page's own canonical address or ``<html lang>`` region
(a bare ``$`` on au.indeed.com is AUD).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from extract.postings.parse.blocks import detect_block
from extract.postings.parse.classify import JOBCARDS_MARKER, is_no_results_page, page_url
from extract.postings.parse.errors import PageBlocked, UnparseablePage
from extract.postings.parse.salary import parse_salary, salary_from_indeed, site_country
from extract.postings.parse.text import clean_fragment, is_job_type, split_location
from extract.postings.records import JobCard

__all__ = ["JOBCARDS_MARKER", "SearchPage", "page_country", "parse_search_page"]

_LANG_REGION = re.compile(r"<html\b[^>]*\blang=[\"'][a-z]{2}-([A-Za-z]{2})[\"']", re.I)
_JSON_DECODER = json.JSONDecoder()
_JOB_KEY = re.compile(r"^[0-9a-f]{16}$")
_NEXT_LINK = re.compile(r"<a\b[^>]*data-testid=\"pagination-page-next\"[^>]*>", re.I)
_HREF = re.compile(r"href=\"([^\"]*)\"")


@dataclass(frozen=True)
class SearchPage:
    cards: list[JobCard]
    next_path: str | None
    layout: str  # "json", "dom", "dom-2021", "dom-2019" or "no-results"


def page_country(text: str, site_url: str | None = None) -> str | None:
    """The site's country: from where the page was fetched, its canonical address,
    or its ``<html lang="en-AU">`` region."""
    country = site_country(site_url) or site_country(page_url(text))
    if country is None:
        match = _LANG_REGION.search(text, 0, 2_000)
        region = match.group(1).lower() if match else None
        country = {"gb": "uk"}.get(region or "", region)
    return country


def parse_search_page(
    text: str, *, where: str, status: int | None = None, site_url: str | None = None
) -> SearchPage:
    """Job cards and the next page's path, or :class:`PageBlocked`/:class:`UnparseablePage`."""
    block = detect_block(text, status)
    if block is not None:
        raise PageBlocked(where, block.kind, block.evidence)
    next_path = _next_path(text)
    country = page_country(text, site_url)

    results = _embedded_results(text, where)
    if results is not None:
        cards = [_card_from_json(result, where, country) for result in results]
        if cards or is_no_results_page(text):
            return SearchPage(cards, next_path, "json" if cards else "no-results")

    region = _cards_region(text)
    # Class attributes kept as plain strings: builds the tree ~40% faster, and the
    # current layout is read without CSS selectors anyway.
    cards = _cards_2024(BeautifulSoup(region, "lxml", multi_valued_attributes=None), country)
    if cards:
        return SearchPage(cards, next_path, "dom")
    soup = BeautifulSoup(region, "lxml")
    for layout, finder in _LEGACY_LAYOUTS:
        cards = finder(soup, country)
        if cards:
            return SearchPage(cards, next_path, layout)
    if is_no_results_page(text):
        return SearchPage([], None, "no-results")
    found = "an embedded job-cards object without results" if results is not None else "no "
    if results is None:
        found += "embedded job-cards JSON and no job cards in the DOM"
    raise UnparseablePage(
        where,
        expected=(
            f"a {JOBCARDS_MARKER}=... script or job cards "
            "(div.job_seen_beacon, a.tapItem[data-jk], div.jobsearch-SerpJobCard[data-jk])"
        ),
        found=found,
    )


# --- embedded JSON -----------------------------------------------------------------------


def _embedded_results(text: str, where: str) -> list[dict[str, Any]] | None:
    start = text.find(JOBCARDS_MARKER)
    if start < 0:
        return None
    brace = text.find("{", start + len(JOBCARDS_MARKER))
    equals = text.find("=", start + len(JOBCARDS_MARKER))
    if brace < 0 or equals < 0 or equals > brace:
        return None
    try:
        payload, _ = _JSON_DECODER.raw_decode(text, brace)
    except json.JSONDecodeError as error:
        raise UnparseablePage(
            where,
            expected="a valid JSON object after the job-cards assignment",
            found=f"invalid JSON at character {error.pos}: {error.msg}",
        ) from None
    model = payload.get("metaData", {}).get("mosaicProviderJobCardsModel", {})
    results = model.get("results")
    return results if isinstance(results, list) else None


def _card_from_json(result: dict[str, Any], where: str, country: str | None) -> JobCard:
    job_key = result.get("jobkey")
    if not isinstance(job_key, str) or not job_key:
        raise UnparseablePage(
            where, expected="every job-cards result to have a 'jobkey'", found=repr(result)[:200]
        )
    salary_snippet = result.get("salarySnippet") or {}
    salary_text = salary_snippet.get("text") or None
    extracted = result.get("extractedSalary") or None
    salary = salary_from_indeed(
        salary_text,
        extracted,
        salary_snippet.get("currency"),
        salary_snippet.get("source"),
        country=country,
    )
    if salary is not None and not salary_text:
        salary_text = salary.text or None
    posted_ms = result.get("pubDate") or result.get("createDate")
    posted_at = datetime.fromtimestamp(posted_ms / 1000, tz=UTC) if posted_ms else None
    job_types = tuple(result.get("jobTypes") or _taxonomy_labels(result, "job-types"))
    return JobCard(
        job_key=job_key,
        title=result.get("displayTitle") or result.get("title") or "",
        company=result.get("company") or None,
        location=result.get("formattedLocation") or None,
        detail_path=result.get("viewJobLink") or f"/viewjob?jk={job_key}",
        salary_text=salary_text,
        salary=salary,
        city=result.get("jobLocationCity") or None,
        region=result.get("jobLocationState") or None,
        is_remote=bool(result.get("remoteLocation")),
        job_types=job_types,
        snippet_text=clean_fragment(result.get("snippet") or "") or None,
        posted_at=posted_at,
        is_sponsored=bool(result.get("sponsored")),
        parsed_from="json",
    )


def _taxonomy_labels(result: dict[str, Any], label: str) -> list[str]:
    for group in result.get("taxonomyAttributes") or []:
        if group.get("label") == label:
            return [item.get("label") for item in group.get("attributes") or [] if item]
    return []


# --- DOM fallbacks -----------------------------------------------------------------------


def _cards_region(text: str) -> str:
    """The card list only: parsing 30 kB instead of 100 kB keeps the fallback fast."""
    start = text.find('id="mosaic-provider-jobcards"')
    if start < 0:
        return text
    start = text.rfind("<", 0, start)
    end = text.find('aria-label="pagination"', start)
    if end < 0:
        end = text.find("<script", start)
    return text[start:end] if end > start else text[start:]


def _text_of(node: Tag | None) -> str | None:
    if node is None:
        return None
    value = " ".join(node.get_text(" ", strip=True).split())
    return value or None


class _CardIndex:
    """A card's tags by data-testid and by (non-hashed) class, from one walk of the card.

    One walk instead of a search per field: on a page of ten cards the searches would
    cost more than building the tree.
    """

    def __init__(self, card: Tag) -> None:
        self.by_testid: dict[str, list[Tag]] = {}
        self.by_class: dict[str, list[Tag]] = {}
        for tag in card.find_all(True):
            testid = tag.get("data-testid")
            if testid:
                self.by_testid.setdefault(str(testid), []).append(tag)
            classes = tag.get("class") or ()
            for name in classes.split() if isinstance(classes, str) else classes:
                if not name.startswith("css-"):
                    self.by_class.setdefault(name, []).append(tag)

    def testid(self, value: str) -> Tag | None:
        tags = self.by_testid.get(value)
        return tags[0] if tags else None

    def klass(self, value: str) -> Tag | None:
        tags = self.by_class.get(value)
        return tags[0] if tags else None


def _has_class(name: str) -> Callable[[str | None], bool]:
    """A class_ filter for trees whose class attributes are plain strings."""
    return lambda value: value is not None and name in value.split()


def _list_text(node: Tag | None) -> str | None:
    if node is None:
        return None
    items = [_text_of(item) for item in node.find_all("li")]
    return "\n".join(f"- {item}" for item in items if item) or None


def _cards_2024(soup: BeautifulSoup, country: str | None) -> list[JobCard]:
    cards = []
    for beacon in soup.find_all("div", class_=_has_class("job_seen_beacon")):
        index = _CardIndex(beacon)
        heading = index.klass("jobTitle")
        link = (heading or beacon).find("a", attrs={"data-jk": True})
        if link is None:
            continue
        job_key = str(link.get("data-jk"))
        title_span = link.find("span", attrs={"title": True})
        title = str(title_span["title"]) if title_span else _text_of(link) or ""
        salary_text = _text_of(index.klass("salary-snippet-container"))
        metadata = index.klass("metadataContainer")
        chips = [
            _text_of(chip)
            for chip in index.by_testid.get("attribute_snippet_testid", [])
            if metadata is not None and any(parent is metadata for parent in chip.parents)
        ]
        if salary_text is None:
            salary_text = next((chip for chip in chips if parse_salary(chip)), None)
        salary = parse_salary(salary_text, country=country)
        job_types = tuple(chip for chip in chips if chip and is_job_type(chip))
        footer = index.klass("underShelfFooter")
        location = _text_of(index.testid("text-location"))
        city, region = split_location(location)
        cards.append(
            JobCard(
                job_key=job_key,
                title=title,
                company=_text_of(index.testid("company-name")),
                location=location,
                detail_path=f"/viewjob?jk={job_key}",
                salary_text=salary_text,
                salary=salary,
                city=city,
                region=region,
                is_remote=_looks_remote(location),
                job_types=job_types,
                snippet_text=_list_text(footer.find("ul") if footer is not None else None),
                posted_at=None,
                parsed_from="dom",
            )
        )
    return cards


def _cards_2021(soup: BeautifulSoup, country: str | None) -> list[JobCard]:
    cards = []
    for item in soup.select("a.tapItem[data-jk]"):
        job_key = str(item["data-jk"])
        title_node = item.select_one("h2.jobTitle span[title]") or item.select_one("h2.jobTitle")
        title = str(title_node.get("title") or _text_of(title_node)) if title_node else ""
        location = _text_of(item.select_one("div.companyLocation"))
        salary_text = _text_of(item.select_one(".salary-snippet"))
        cards.append(
            JobCard(
                job_key=job_key,
                title=title,
                company=_text_of(item.select_one("span.companyName")),
                location=location,
                detail_path=f"/viewjob?jk={job_key}",
                salary_text=salary_text,
                salary=parse_salary(salary_text, country=country),
                is_remote=_looks_remote(location),
                snippet_text=_text_of(item.select_one("div.job-snippet")),
                parsed_from="dom-2021",
            )
        )
    return cards


def _cards_2019(soup: BeautifulSoup, country: str | None) -> list[JobCard]:
    cards = []
    for item in soup.select("div.jobsearch-SerpJobCard[data-jk]"):
        job_key = str(item["data-jk"])
        title_node = item.select_one("a.jobtitle") or item.select_one("h2.title a")
        location = _text_of(item.select_one(".location"))
        salary_text = _text_of(item.select_one("span.salaryText"))
        cards.append(
            JobCard(
                job_key=job_key,
                title=str(title_node.get("title") or _text_of(title_node)) if title_node else "",
                company=_text_of(item.select_one("span.company")),
                location=location,
                detail_path=f"/viewjob?jk={job_key}",
                salary_text=salary_text,
                salary=parse_salary(salary_text, country=country),
                is_remote=_looks_remote(location),
                snippet_text=_text_of(item.select_one("div.summary")),
                parsed_from="dom-2019",
            )
        )
    return cards


_LEGACY_LAYOUTS = (("dom-2021", _cards_2021), ("dom-2019", _cards_2019))


def _looks_remote(location: str | None) -> bool | None:
    if location is None:
        return None
    return "remote" in location.lower()


def _next_path(text: str) -> str | None:
    match = _NEXT_LINK.search(text)
    if match is None:
        return None
    href = _HREF.search(match.group(0))
    if href is None:
        return None
    return href.group(1).replace("&amp;", "&")


def job_key_from_url(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get("jk")
    if values and _JOB_KEY.match(values[0]):
        return values[0]
    return None
