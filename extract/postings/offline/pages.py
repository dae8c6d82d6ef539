"""HTML and JSON the fixture board serves, shaped like Indeed (2024), Greenhouse and Lever.

Class names ending in a hash (``css-1m4cuuf``) change with every page, as on the real
site, so parsers that lean on them break in tests too. Like a real site behind
Cloudflare, every ordinary page carries Cloudflare's injected bot-management script
(:func:`cloudflare_injected_script`), so a parser that takes it for a block fails here.
All of it is constructed from documented structure, not copied from real pages.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from collections.abc import Sequence
from datetime import UTC
from urllib.parse import urlencode

from extract.postings.offline.data import Posting

PAGE_SIZE = 10


def _hashed_class(rng: random.Random) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "css-" + "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 7))) + " eu4oa1w0"


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def _script_json(payload: object) -> str:
    """JSON safe to embed in a script element, the way Indeed escapes it."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def cloudflare_injected_script(ray: str) -> str:
    """The inline script Cloudflare's bot management appends to ordinary pages.

    Constructed from its documented shape: a hidden 1×1 iframe whose document gets a
    script setting ``window.__CF$cv$params`` and loading
    ``/cdn-cgi/challenge-platform/scripts/jsd/main.js``.
    """
    inner = (
        f"window.__CF$cv$params={{r:'{ray}',t:'MTcxNzQwNjIwMC4wMDAwMDA='}};"
        "var a=document.createElement('script');a.nonce='';"
        "a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';"
        "document.getElementsByTagName('head')[0].appendChild(a);"
    )
    return (
        "<script>(function(){function c(){var b=a.contentDocument||a.contentWindow.document;"
        f"if(b){{var d=b.createElement('script');d.innerHTML=\"{inner}\";"
        "b.getElementsByTagName('head')[0].appendChild(d)}}if(document.body){var a="
        "document.createElement('iframe');a.height=1;a.width=1;a.style.position='absolute';"
        "a.style.top=0;a.style.left=0;a.style.border='none';a.style.visibility='hidden';"
        "document.body.appendChild(a);if('loading'!==document.readyState)c();else "
        "document.addEventListener('DOMContentLoaded',c)}})();</script>"
    )


def _boilerplate_css(rng: random.Random) -> str:
    """Inline styles of the size real result pages carry (their bytes cost parse time)."""
    rules = []
    for _ in range(220):
        name = _hashed_class(rng).split()[0]
        rules.append(
            f".{name}{{display:flex;margin:{rng.randint(0, 24)}px {rng.randint(0, 24)}px;"
            f"color:#{rng.randrange(0x1000000):06x};font-size:{rng.choice((12, 14, 16))}px}}"
        )
    return "".join(rules)


def _search_url(query: str, location: str, start: int, extra: dict[str, str]) -> str:
    params = {"q": query, "l": location}
    if start:
        params["start"] = str(start)
    params.update(extra)
    return "/jobs?" + urlencode(params)


def _card_json(posting: Posting, position: int) -> dict[str, object]:
    salary = posting.salary
    snippet = "<ul>" + "".join(f"<li>{b}</li>" for b in posting.snippet_bullets) + "</ul>"
    result: dict[str, object] = {
        "adBlob": "",
        "adId": "",
        "advn": "",
        "appliedOrGreater": False,
        "company": posting.company,
        "companyBrandingAttributes": {"headerImageUrl": "", "logoUrl": ""},
        "companyRating": 0,
        "companyReviewCount": 0,
        "createDate": int(posting.posted_at.timestamp() * 1000) - 3_600_000,
        "displayTitle": posting.title,
        "employerAssistEnabled": False,
        "encryptedResultData": hashlib.sha1(posting.job_key.encode()).hexdigest(),
        "expired": False,
        "formattedLocation": posting.location,
        "formattedRelativeTime": posting.relative_time,
        "highVolumeHiringModel": {"highVolumeHiring": False},
        "indeedApplyEnabled": position % 3 == 0,
        "jobLocationCity": posting.city,
        "jobLocationPostal": posting.postcode,
        "jobLocationState": posting.region,
        "jobTypes": list(posting.job_types),
        "jobkey": posting.job_key,
        "link": f"/rc/clk?jk={posting.job_key}&from=vj&pos={position}",
        "newJob": posting.posted_days_ago <= 3,
        "normTitle": posting.role,
        "pubDate": int(posting.posted_at.timestamp() * 1000),
        "rankingScoresModel": {"bid": 0, "eApply": 0.0012, "eQualified": 0},
        "remoteLocation": posting.work_mode == "remote",
        "remoteWorkModel": {
            "inlineText": posting.work_mode != "onsite",
            "text": {"remote": "Remote", "hybrid": "Hybrid work", "onsite": ""}[posting.work_mode],
            "type": posting.work_mode.upper(),
        },
        "salarySnippet": {},
        "snippet": snippet,
        "sponsored": posting.is_sponsored,
        "taxonomyAttributes": [
            {"label": "job-types", "attributes": [{"label": t} for t in posting.job_types]},
            {"label": "remote", "attributes": [{"label": "Remote"}]}
            if posting.work_mode == "remote"
            else {"label": "remote", "attributes": []},
        ],
        "title": posting.title,
        "truncatedCompany": posting.company[:30],
        "urgentlyHiring": False,
        "viewJobLink": f"/viewjob?jk={posting.job_key}&from=serp&vjs=3",
    }
    if salary is not None:
        result["salarySnippet"] = {
            "currency": "USD",
            "salaryTextFormatted": False,
            "source": "ESTIMATED" if salary.is_estimated else "EXTRACTION",
            "text": salary.text,
        }
        result["extractedSalary"] = {
            "max": salary.maximum or 0,
            "min": salary.minimum or 0,
            "type": {
                "hour": "hourly",
                "day": "daily",
                "week": "weekly",
                "month": "monthly",
                "year": "yearly",
            }[salary.period],
        }
    return result


def _card_html(posting: Posting, rng: random.Random, position: int) -> str:
    c = lambda: _hashed_class(rng)  # noqa: E731 - a fresh hashed class per element
    jk = posting.job_key
    chips = []
    if posting.salary is not None:
        chips.append(
            f'<div class="metadata salary-snippet-container {c()}">'
            f'<div data-testid="attribute_snippet_testid" class="{c()}">'
            f"{_escape(posting.salary.text)}</div></div>"
        )
    else:
        chips.append(
            f'<div class="metadata {c()}"><div data-testid="attribute_snippet_testid" '
            f'class="{c()}">Pay information not provided</div></div>'
        )
    for job_type in posting.job_types:
        chips.append(
            f'<div class="metadata {c()}"><div data-testid="attribute_snippet_testid" '
            f'class="{c()}">{_escape(job_type)}</div></div>'
        )
    date = (
        f'<span class="date"><span class="visually-hidden">Posted</span>'
        f"Posted {_escape(posting.relative_time)}</span>"
        if position % 2 == 0
        else ""
    )
    bullets = "".join(f"<li>{b}</li>" for b in posting.snippet_bullets)
    sponsored = " sponsoredJob" if posting.is_sponsored else ""
    return (
        f'<li class="{c()}"><div class="cardOutline tapItem dd-privacy-allow result job_{jk}'
        f'{sponsored} resultWithShelf desktop {c()}">'
        f'<div class="slider_container {c()}"><div class="slider_list {c()}">'
        f'<div data-testid="slider_item" class="slider_item {c()}">'
        f'<div class="job_seen_beacon"><table class="mainContentTable {c()}" role="presentation">'
        f'<tbody><tr><td class="resultContent {c()}"><div class="{c()}">'
        f'<h2 class="jobTitle {c()}" tabindex="-1"><a id="job_{jk}" data-mobtk="1h{jk[:8]}" '
        f'data-jk="{jk}" role="button" aria-label="full details of {_escape(posting.title)}" '
        f'class="jcs-JobTitle {c()}" href="/rc/clk?jk={jk}&amp;from=serp&amp;vjs=3">'
        f'<span title="{_escape(posting.title)}" id="jobTitle-{jk}">{_escape(posting.title)}'
        f"</span></a></h2></div>"
        f'<div class="company_location {c()}"><div class="{c()}">'
        f'<span data-testid="company-name" class="{c()}">{_escape(posting.company)}</span>'
        f'<div data-testid="text-location" class="{c()}">{_escape(posting.location)}</div>'
        f"</div></div>"
        f'<div class="jobMetaDataGroup {c()}"><div class="metadataContainer {c()}">'
        f"{''.join(chips)}</div></div></td></tr></tbody></table>"
        f'<table class="jobCardShelfContainer {c()}" role="presentation"><tbody>'
        f'<tr class="underShelfFooter"><td><div class="heading6 tapItem-gutter {c()}">'
        f'<div data-testid="jobsnippet_footer" class="{c()}"><ul>{bullets}</ul></div>'
        f"{date}</div></td></tr></tbody></table></div></div></div></div></div></li>"
    )


def _legacy_card_html(posting: Posting, layout: str) -> str:
    jk = posting.job_key
    salary = posting.salary.text if posting.salary else ""
    if layout == "2021":
        return (
            f'<a class="tapItem fs-unmask result job_{jk}" data-jk="{jk}" '
            f'href="/rc/clk?jk={jk}"><div class="slider_container"><div class="job_seen_beacon">'
            f'<h2 class="jobTitle"><span title="{_escape(posting.title)}">'
            f"{_escape(posting.title)}</span></h2>"
            f'<div class="heading6 company_location"><pre><span class="companyName">'
            f'{_escape(posting.company)}</span><div class="companyLocation">'
            f"{_escape(posting.location)}</div></pre></div>"
            + (f'<div class="salary-snippet"><span>{_escape(salary)}</span></div>' * bool(salary))
            + f'<div class="job-snippet"><ul><li>{posting.snippet_bullets[0]}</li></ul></div>'
            "</div></div></a>"
        )
    return (
        f'<div class="jobsearch-SerpJobCard unifiedRow row result" data-jk="{jk}">'
        f'<h2 class="title"><a class="jobtitle turnstileLink" title="{_escape(posting.title)}" '
        f'href="/rc/clk?jk={jk}">{_escape(posting.title)}</a></h2>'
        f'<div class="sjcl"><span class="company">{_escape(posting.company)}</span>'
        f'<div class="location accessible-contrast-color-location">{_escape(posting.location)}'
        "</div></div>"
        + (f'<span class="salaryText">{_escape(salary)}</span>' if salary else "")
        + f'<div class="summary"><ul><li>{posting.snippet_bullets[0]}</li></ul></div></div>'
    )


def render_search_page(
    postings: Sequence[Posting],
    *,
    query: str,
    location: str,
    start: int,
    total: int,
    seed: int,
    with_json: bool,
    layout: str = "2024",
    extra_params: dict[str, str] | None = None,
) -> str:
    """One page of results (``postings`` is that page's slice)."""
    extra = extra_params or {}
    rng = random.Random(f"search:{seed}:{query}:{location}:{start}:{layout}:{with_json}")
    c = lambda: _hashed_class(rng)  # noqa: E731
    heading = f"{query or 'All'} jobs" + (f" in {location}" if location else "")
    if layout == "2024":
        cards = "".join(_card_html(p, rng, i) for i, p in enumerate(postings))
        mosaic_zone = f'<li class="{c()}"><div class="mosaic-zone" id="mosaic-afterTenthJobResult">'
        mosaic_zone += "</div></li>"
        results = (
            f'<div id="mosaic-provider-jobcards" class="mosaic mosaic-provider-jobcards '
            f'mosaic-provider-hydrated"><ul class="{c()}">{cards}{mosaic_zone}</ul></div>'
        )
    else:
        results = (
            '<div id="resultsCol">'
            + "".join(_legacy_card_html(p, layout) for p in postings)
            + "</div>"
        )
    if not postings:
        results = (
            '<div class="jobsearch-NoResult-messageContainer"><h1>The search '
            f"<b>{_escape(query)}</b> did not match any jobs</h1></div>"
        )

    pages = []
    if start > 0:
        prev = _escape(_search_url(query, location, max(start - PAGE_SIZE, 0), extra))
        pages.append(
            f'<li><a data-testid="pagination-page-prev" href="{prev}" '
            f'aria-label="Previous Page" class="{c()}"></a></li>'
        )
    for number, page_start in enumerate(range(0, total, PAGE_SIZE), start=1):
        if abs(page_start - start) > 2 * PAGE_SIZE:
            continue
        url = _escape(_search_url(query, location, page_start, extra))
        current = ' aria-current="page"' if page_start == start else ""
        pages.append(
            f'<li><a data-testid="pagination-page-{number}" href="{url}"{current} '
            f'class="{c()}">{number}</a></li>'
        )
    if start + PAGE_SIZE < total:
        nxt = _escape(_search_url(query, location, start + PAGE_SIZE, extra))
        pages.append(
            f'<li><a data-testid="pagination-page-next" href="{nxt}" '
            f'aria-label="Next Page" class="{c()}"></a></li>'
        )
    nav = (
        f'<nav aria-label="pagination" role="navigation"><ul class="{c()}">'
        f"{''.join(pages)}</ul></nav>"
    )

    script = ""
    if with_json and layout == "2024":
        payload = {
            "metaData": {
                "mosaicProviderJobCardsModel": {
                    "results": [_card_json(p, start + i) for i, p in enumerate(postings)],
                    "tierSummaries": [{"jobCount": total, "tierType": "DEFAULT"}],
                    "isMobile": False,
                    "pageNumber": start // PAGE_SIZE + 1,
                },
            },
            "pageContext": {"query": query, "location": location, "start": start},
        }
        script = (
            '<script type="text/javascript">'
            'window.mosaic.providerData["mosaic-provider-jobcards"]='
            f"{_script_json(payload)};</script>"
        )
    return (
        '<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8">'
        f"<title>{_escape(heading.title())}, Employment | Indeed.com</title>"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{_boilerplate_css(rng)}</style>"
        "<script>window.mosaic=window.mosaic||{providerData:{},zonedProviders:{}};</script>"
        f'</head><body><div id="jobsearch-Main" class="{c()}">'
        f'<div class="jobsearch-LeftPane {c()}">'
        f'<div class="jobsearch-JobCountAndSortPane-jobCount {c()}"><span>'
        f"{total:,} jobs</span></div>{results}{nav}</div></div>{script}"
        f"{cloudflare_injected_script(rng.randbytes(8).hex())}</body></html>"
    )


def _json_ld(posting: Posting) -> dict[str, object]:
    payload: dict[str, object] = {
        "@context": "http://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description_html,
        "datePosted": posting.posted_at.isoformat().replace("+00:00", "Z"),
        "employmentType": [t.upper().replace("-", "_") for t in posting.job_types],
        "hiringOrganization": {"@type": "Organization", "name": posting.company},
        "identifier": {"@type": "PropertyValue", "name": posting.company, "value": posting.job_key},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": posting.city,
                "addressRegion": posting.region,
                "postalCode": posting.postcode,
                "addressCountry": {"@type": "Country", "name": "US"},
            },
        },
    }
    if posting.work_mode == "remote":
        payload["jobLocationType"] = "TELECOMMUTE"
    if posting.salary is not None:
        payload["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": posting.salary.minimum,
                "maxValue": posting.salary.maximum,
                "unitText": posting.salary.period.upper(),
            },
        }
    return payload


def render_detail_page(posting: Posting, *, seed: int) -> str:
    rng = random.Random(f"detail:{seed}:{posting.job_key}")
    c = lambda: _hashed_class(rng)  # noqa: E731
    json_ld = (
        f'<script type="application/ld+json">{_script_json(_json_ld(posting))}</script>'
        if posting.has_json_ld
        else ""
    )
    salary_spans = []
    if posting.salary is not None:
        salary_spans.append(f'<span class="{c()}">{_escape(posting.salary.text)}</span>')
    salary_spans.append(f'<span class="{c()}"> -  {_escape(", ".join(posting.job_types))}</span>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_escape(posting.title)} - {_escape(posting.location)} - Indeed.com</title>"
        f'<link rel="canonical" href="/viewjob?jk={posting.job_key}">'
        f'<meta property="og:url" content="/viewjob?jk={posting.job_key}">'
        f"<style>{_boilerplate_css(rng)[:6000]}</style>{json_ld}</head><body>"
        f'<div class="jobsearch-ViewJobLayout {c()}"><div class="jobsearch-JobComponent {c()}">'
        f'<div class="jobsearch-InfoHeaderContainer {c()}">'
        f'<h1 class="jobsearch-JobInfoHeader-title {c()}" '
        f'data-testid="jobsearch-JobInfoHeader-title"><span>{_escape(posting.title)}</span>'
        f'<span class="{c()}"> - job post</span></h1>'
        f'<div data-testid="inlineHeader-companyName" class="{c()}"><span class="{c()}">'
        f'<a href="/cmp/{posting.company.replace(" ", "-")}" class="{c()}">'
        f"{_escape(posting.company)}</a></span></div>"
        f'<div data-testid="{posting.location_testid}" class="{c()}"><div>'
        f"{_escape(posting.location)}</div></div></div>"
        f'<div id="salaryInfoAndJobType" class="{c()}">{"".join(salary_spans)}</div>'
        f'<div id="jobDescriptionText" class="jobsearch-jobDescriptionText '
        f'jobsearch-JobComponent-description {c()}">{posting.description_html}</div>'
        f'<div id="hiringInsightsSectionRoot"><p class="{c()}">'
        f"<span>Posted {_escape(posting.relative_time)}</span></p></div>"
        f"</div></div>{cloudflare_injected_script(rng.randbytes(8).hex())}</body></html>"
    )


def render_block_page(kind: str) -> tuple[int, str]:
    """(status, page) for ``cloudflare``, ``interstitial``, ``captcha`` or ``ratelimit``."""
    if kind == "cloudflare":
        return 403, (
            '<!DOCTYPE html><html lang="en-US"><head><title>Attention Required! | Cloudflare'
            '</title></head><body><div id="cf-wrapper"><div id="cf-error-details" '
            'class="cf-error-details-wrapper"><h1 data-translate="block_headline">Sorry, you '
            "have been blocked</h1><h2>You are unable to access indeed.com</h2>"
            "<p>This website is using a security service to protect itself from online "
            "attacks.</p><p>Cloudflare Ray ID: <strong>8a1b2c3d4e5f6789</strong></p></div>"
            "</div></body></html>"
        )
    if kind == "interstitial":
        # Cloudflare's managed challenge: its title, a challenge form carrying a
        # __cf_chl_ token, window._cf_chl_opt, and the orchestrate script.
        return 403, (
            '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
            '<meta name="robots" content="noindex,nofollow">'
            '<meta http-equiv="refresh" content="390"></head><body class="no-js">'
            '<div class="main-wrapper" role="main"><div class="main-content">'
            '<div id="challenge-running"><h1>Verifying you are human. This may take a few '
            'seconds.</h1></div><noscript><div id="challenge-error-title">Enable '
            "JavaScript and cookies to continue</div></noscript>"
            '<form id="challenge-form" action="/jobs?__cf_chl_f_tk=fixture-token-0" '
            'method="POST" enctype="application/x-www-form-urlencoded">'
            '<input type="hidden" name="md" value="fixture"></form></div></div>'
            "<script>(function(){window._cf_chl_opt={cvId:'3',cZone:'127.0.0.1',"
            "cType:'managed',cRay:'8a1b2c3d4e5f6789'};var cpo=document.createElement"
            "('script');cpo.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"
            "?ray=8a1b2c3d4e5f6789';document.getElementsByTagName('head')[0].appendChild"
            "(cpo);}());</script></body></html>"
        )
    if kind == "captcha":
        return 200, (
            '<!DOCTYPE html><html lang="en"><head><title>hCaptcha solve page</title></head>'
            '<body><form id="challenge-form" method="post"><h1>Please verify you are a human'
            '</h1><div class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001">'
            "</div></form></body></html>"
        )
    if kind == "ratelimit":
        return 429, (
            "<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head>"
            "<body><h1>Too Many Requests</h1></body></html>"
        )
    raise ValueError(
        f"unknown block kind {kind!r}; expected cloudflare, interstitial, captcha or ratelimit"
    )


def render_broken_search_page(query: str) -> str:
    """A redesign that matches neither the JSON nor any known card layout."""
    return (
        "<!DOCTYPE html><html><head><title>Jobs | Indeed.com</title></head><body>"
        f'<main class="serp-v9"><h1>{_escape(query)} jobs</h1><section class="css-9x8y7z">'
        '<article class="css-a1b2c3"><h3 class="css-q1w2e3">Data Engineer</h3></article>'
        "</section></main></body></html>"
    )


def greenhouse_jobs_payload(
    board: str, company: str, postings: Sequence[Posting], *, base_url: str
) -> dict[str, object]:
    """``GET /v1/boards/{board}/jobs?content=true`` as Greenhouse answers it."""
    jobs = []
    for index, posting in enumerate(postings):
        job_id = int(posting.job_key[:7], 16)
        content = posting.description_html
        if posting.salary is not None and posting.salary.period == "year":
            low = posting.salary.minimum or posting.salary.maximum or 0
            high = posting.salary.maximum or posting.salary.minimum or 0
            content += (
                '<div class="content-pay-transparency"><div class="pay-input">'
                '<div class="title">Salary Range</div><div class="pay-range">'
                f'<span>${low:,.0f}</span><span class="divider">&mdash;</span>'
                f"<span>${high:,.0f} USD</span></div></div></div>"
            )
        updated = posting.posted_at.replace(hour=14).astimezone(UTC)
        where = (
            "Remote - US" if posting.work_mode == "remote" else f"{posting.city}, {posting.region}"
        )
        jobs.append(
            {
                "absolute_url": f"{base_url}/{board}/jobs/{job_id}",
                "data_compliance": [
                    {
                        "type": "gdpr",
                        "requires_consent": False,
                        "requires_processing_consent": False,
                        "requires_retention_consent": False,
                        "retention_period": None,
                    }
                ],
                "internal_job_id": job_id - 1000 - index,
                "location": {"name": where},
                "metadata": [
                    {
                        "id": 4081,
                        "name": "Employment Type",
                        "value": posting.job_types[0],
                        "value_type": "single_select",
                    }
                ],
                "id": job_id,
                "updated_at": updated.isoformat(),
                "requisition_id": f"REQ-{1000 + index}",
                "title": posting.title,
                "company_name": company,
                "first_published": posting.posted_at.isoformat(),
                "language": "en",
                "content": html.escape(content, quote=True),
                "departments": [
                    {
                        "id": 4012 + index % 3,
                        "name": "Data & Analytics",
                        "child_ids": [],
                        "parent_id": None,
                    }
                ],
                "offices": [
                    {
                        "id": 5001 + index % 5,
                        "name": posting.city,
                        "location": f"{posting.city}, {posting.region}, United States",
                        "child_ids": [],
                        "parent_id": None,
                    }
                ],
            }
        )
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def lever_posting_id(job_key: str) -> str:
    """A Lever-style posting id (a UUID) for a generated posting."""
    digest = hashlib.sha256(f"lever:{job_key}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


_SECTION = re.compile(r"<p><b>([^<]+)</b></p><ul>(.*?)</ul>", re.DOTALL)
_LEVER_INTERVALS = {
    "hour": "per-hour-wage",
    "day": "per-day-wage",
    "week": "per-week-salary",
    "month": "per-month-salary",
    "year": "per-year-salary",
}


def _lever_parts(description_html: str) -> tuple[str, list[dict[str, str]], str]:
    """(opening, lists, closing): Lever keeps the bullet sections apart as ``lists``."""
    sections = list(_SECTION.finditer(description_html))
    if not sections:
        return description_html, [], ""
    opening = description_html[: sections[0].start()]
    closing = description_html[sections[-1].end() :]
    lists = [{"text": match.group(1), "content": match.group(2)} for match in sections]
    return opening, lists, closing


def lever_postings_payload(
    company: str, postings: Sequence[Posting], *, base_url: str
) -> list[dict[str, object]]:
    """``GET /v0/postings/{company}?mode=json`` as Lever answers it (a JSON array).

    About a third of the postings carry ``salaryRange`` (as on real Lever sites); some
    others state their pay only in the closing text, as prose.
    """
    payload = []
    for index, posting in enumerate(postings):
        posting_id = lever_posting_id(posting.job_key)
        opening, lists, closing = _lever_parts(posting.description_html)
        salary = posting.salary
        with_range = salary is not None and index % 3 == 0 and salary.period in _LEVER_INTERVALS
        if salary is not None and not with_range and index % 3 == 1 and salary.period == "year":
            low = salary.minimum or salary.maximum or 0
            high = salary.maximum or salary.minimum or 0
            closing += (
                f"<p>The annual base salary range for this role is ${low:,.0f} - "
                f"${high:,.0f} USD.</p>"
            )
        workplace = {"remote": "remote", "hybrid": "hybrid", "onsite": "on-site"}[posting.work_mode]
        place = f"{posting.city}, {posting.region}"
        location = "Remote" if posting.work_mode == "remote" else place
        item: dict[str, object] = {
            "additional": closing,
            "additionalPlain": _plain(closing),
            "categories": {
                "commitment": posting.job_types[0],
                "department": "Engineering",
                "location": location,
                "team": "Data Platform" if index % 2 else "Analytics",
                "allLocations": [location],
            },
            "createdAt": int(posting.posted_at.timestamp() * 1000) + index,
            "descriptionPlain": _plain(opening),
            "description": opening,
            "descriptionBody": opening,
            "descriptionBodyPlain": _plain(opening),
            "id": posting_id,
            "lists": lists,
            "text": posting.title,
            "country": "US",
            "workplaceType": workplace,
            "opening": "",
            "openingPlain": "",
            "hostedUrl": f"{base_url}/{company}/{posting_id}",
            "applyUrl": f"{base_url}/{company}/{posting_id}/apply",
        }
        if with_range and salary is not None:
            low = salary.minimum or salary.maximum
            high = salary.maximum or salary.minimum
            item["salaryRange"] = {
                "currency": "USD",
                "interval": _LEVER_INTERVALS[salary.period],
                "min": low,
                "max": high,
            }
            item["salaryDescription"] = "<div>Pay is based on experience and location.</div>"
            item["salaryDescriptionPlain"] = "Pay is based on experience and location."
        payload.append(item)
    return payload


def _plain(fragment: str) -> str:
    text = re.sub(r"</(?:p|li|h\d)>|<br\s*/?>", "\n", fragment)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"<[^>]+>", "", text)
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
