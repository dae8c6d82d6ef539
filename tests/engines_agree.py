"""Every mart, value by value, on two engines: the helpers of the cross-engine tests.

Zero tolerance: decimals compare as decimals, timestamps as timestamps. Only the
pipeline marts are left out, since they describe the runs themselves (durations,
run ids), which no two engines share.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

Query = Callable[[str], list[tuple[Any, ...]]]
NONDETERMINISTIC_DOMAINS = {"pipeline"}


def mart_names(manifest_path: Path) -> list[str]:
    """The mart models of the project, from dbt's manifest."""
    manifest = json.loads(manifest_path.read_text())
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["fqn"][1] == "marts"
        and node["fqn"][2] not in NONDETERMINISTIC_DOMAINS
    )


def mart_rows(query: Query, schema: str, name: str) -> Counter[tuple[Any, ...]]:
    """The mart's rows as a multiset of tuples, with their column names first."""
    rows = query(f"select * from {schema}.{name}")
    return Counter(tuple(row) for row in rows)


def differences(
    left: dict[str, Counter], right: dict[str, Counter], names: list[str], limit: int = 3
) -> list[str]:
    """One line per mart whose rows differ, with a few rows from each side."""
    found = []
    for name in names:
        only_left = left[name] - right[name]
        only_right = right[name] - left[name]
        if only_left or only_right:
            found.append(
                f"{name}: {sum(only_left.values())} rows only left, "
                f"{sum(only_right.values())} only right; e.g.\n"
                f"  left:  {sorted(only_left, key=repr)[:limit]}\n"
                f"  right: {sorted(only_right, key=repr)[:limit]}"
            )
    return found
