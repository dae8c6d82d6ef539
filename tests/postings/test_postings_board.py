"""The fixture board's postings: deterministic, varied, and aging between epochs."""

from __future__ import annotations

import re
from collections import Counter

from extract.postings.offline.data import TOOLS, board_postings, generate_postings


def test_same_seed_same_postings_other_seed_other_postings():
    assert generate_postings(7) == generate_postings(7)
    assert [p.job_key for p in generate_postings(7)] != [p.job_key for p in generate_postings(8)]


def test_about_150_varied_postings():
    postings = generate_postings(42)
    assert len(postings) == 150
    assert len({p.job_key for p in postings}) == 150
    assert all(re.fullmatch(r"[0-9a-f]{16}", p.job_key) for p in postings)
    assert len({p.company for p in postings}) >= 25
    assert len({p.city for p in postings}) >= 20
    assert set(Counter(p.seniority for p in postings)) == {
        "intern",
        "junior",
        "mid",
        "senior",
        "lead",
        "staff",
        "manager",
    }
    assert set(Counter(p.work_mode for p in postings)) == {"onsite", "hybrid", "remote"}
    periods = Counter(p.salary.period for p in postings if p.salary)
    assert {"hour", "year", "month"} <= set(periods)
    texts = [p.salary.text for p in postings if p.salary]
    assert any(t.startswith("From ") for t in texts)
    assert any(t.startswith("Estimated ") for t in texts)
    assert any(t.startswith("Up to ") for t in texts)
    assert any("K - $" in t for t in texts)
    assert 0.2 < sum(p.salary is None for p in postings) / len(postings) < 0.5


def test_descriptions_name_every_tool_they_list_in_varied_wording():
    postings = generate_postings(42)
    used_names: Counter[str] = Counter()
    for posting in postings:
        for tool in posting.tools:
            names = [name for name in TOOLS[tool] if name in posting.description_html]
            assert names, f"{posting.job_key} lists {tool} but names none of {TOOLS[tool]}"
            used_names.update(names)
    assert len({tool for p in postings for tool in p.tools}) >= 70
    # More than one wording of the big tools actually appears.
    for tool in ("spark", "airflow", "aws", "dbt"):
        assert sum(1 for name in TOOLS[tool] if used_names[name]) >= 2, tool


def test_later_epochs_close_change_and_add_postings():
    before = {p.job_key: p for p in board_postings(42, epoch=0)}
    after = {p.job_key: p for p in board_postings(42, epoch=1)}
    closed = before.keys() - after.keys()
    added = after.keys() - before.keys()
    changed = [k for k in before.keys() & after.keys() if before[k] != after[k]]
    assert closed and added and changed
    assert all(before[k].salary != after[k].salary for k in changed)
