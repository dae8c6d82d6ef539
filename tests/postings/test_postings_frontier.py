"""The crawl frontier persists, dedupes and resumes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from extract.postings.frontier import Frontier

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def test_unfinished_crawl_is_resumed_from_the_file(tmp_path):
    path = tmp_path / "frontier.sqlite"
    with Frontier(path) as frontier:
        crawl = frontier.open_crawl(
            source="indeed", query="data engineer", location="", max_pages=2, now=NOW
        )
        assert not crawl.resumed
        assert frontier.enqueue(crawl, kind="search", path="/jobs?q=a", page_number=1)
        assert frontier.enqueue(crawl, kind="detail", path="/viewjob?jk=1", job_key="1")
        assert not frontier.enqueue(crawl, kind="detail", path="/viewjob?jk=1", job_key="1")
        frontier.mark_done(crawl, "/jobs?q=a", landing_path="/l/a.html", fetched_at=NOW)

    with Frontier(path) as frontier:  # a new process after a crash
        resumed = frontier.open_crawl(
            source="indeed",
            query="data engineer",
            location="",
            max_pages=2,
            now=NOW + timedelta(hours=1),
        )
        assert resumed.resumed
        assert resumed.crawl_id == crawl.crawl_id
        assert resumed.started_at == NOW
        pending = frontier.next_pending(resumed)
        assert pending is not None and pending.path == "/viewjob?jk=1"
        frontier.mark_done(resumed, pending.path, landing_path="/l/1.html", fetched_at=NOW)
        assert frontier.next_pending(resumed) is None
        frontier.finish(resumed, NOW)
        again = frontier.open_crawl(
            source="indeed", query="data engineer", location="", max_pages=2, now=NOW
        )
        assert not again.resumed and again.crawl_id != crawl.crawl_id


def test_pages_come_out_in_the_order_they_were_found(tmp_path):
    with Frontier(tmp_path / "f.sqlite") as frontier:
        crawl = frontier.open_crawl(source="s", query="q", location="", max_pages=1, now=NOW)
        for path in ("/b", "/a", "/c"):
            frontier.enqueue(crawl, kind="detail", path=path)
        order = []
        while (item := frontier.next_pending(crawl)) is not None:
            order.append(item.path)
            frontier.mark_done(crawl, item.path, landing_path="x", fetched_at=NOW)
        assert order == ["/b", "/a", "/c"]


def test_fresh_abandons_the_unfinished_crawl(tmp_path):
    with Frontier(tmp_path / "f.sqlite") as frontier:
        first = frontier.open_crawl(source="s", query="q", location="", max_pages=1, now=NOW)
        frontier.enqueue(first, kind="search", path="/jobs")
        fresh = frontier.open_crawl(
            source="s", query="q", location="", max_pages=1, now=NOW, fresh=True
        )
        assert fresh.crawl_id != first.crawl_id and not fresh.resumed
        assert frontier.next_pending(fresh) is None


def test_other_terms_are_another_crawl(tmp_path):
    with Frontier(tmp_path / "f.sqlite") as frontier:
        one = frontier.open_crawl(source="s", query="q", location="", max_pages=1, now=NOW)
        other = frontier.open_crawl(source="s", query="q", location="remote", max_pages=1, now=NOW)
        assert one.crawl_id != other.crawl_id


def test_landing_zone_works_on_any_fsspec_filesystem():
    from extract.postings.landing import LandingZone

    landing = LandingZone("memory://postings-test-landing")
    body = "<html><body>caf\u00e9</body></html>".encode()
    page = landing.store(
        body,
        source="indeed",
        kind="detail",
        key="0123456789abcdef",
        url="https://x/viewjob",
        status=200,
        fetched_at=NOW,
        crawl_id="c1",
        crawl_started_at=NOW,
    )
    assert page.path.startswith("memory://")
    assert page.path.endswith(
        "/postings-test-landing/postings/indeed/2024-06-03/0123456789abcdef.html"
    )
    assert landing.read_bytes(page.path) == body
    assert landing.page_at(page.path) == page
    assert list(landing.pages()) == [page]
