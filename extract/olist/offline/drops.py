"""The shop as it grows: a full export, then one drop per day.

``write_olist_drops(out_dir, orders=..., seed=..., drops=30)`` writes ``full/``, the nine
files as of the cut-off day (``CUT_OFF``: the first 700 days of the simulated history,
so a day is 1/700 of the time it covers), and ``drops/YYYY-MM-DD/`` for each of the
``drops`` days after it, the same nine files with the same headers and quoting. A drop
holds what appeared or changed that day:

- orders: the day's new orders and every order whose status moved (approval, picking,
  invoice, hand-over, delivery, cancellation), as they stand at the day's end;
- items, payments, customers: those of the day's new orders (they never change);
- reviews: those answered that day (days after delivery, or after the promised date);
- products, sellers: those that sold for the first time that day;
- geolocation, translation: reference tables, whole in ``full/``, header only in drops.

A file holds only its header when nothing of its kind happened that day. Merging
``full/`` and the drops in date order on each file's key (``OlistTable.natural_key``; a
later row replaces an earlier one) gives the full export as of the last drop's day
(``write_olist_dataset(as_of=...)``) row for row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from extract.olist.offline.dataset import Export, end_of, write_exports
from extract.olist.offline.progress import Progress
from extract.olist.offline.shape import FIRST_DAY, LAST_DAY
from extract.olist.tables import (
    CUSTOMERS,
    ORDER_ITEMS,
    ORDER_PAYMENTS,
    ORDER_REVIEWS,
    ORDERS,
    PRODUCTS,
    SELLERS,
)

FULL_EXPORT_DAYS = 700
CUT_OFF = FIRST_DAY + timedelta(days=FULL_EXPORT_DAYS - 1)  # 2018-08-04
_COLUMNS = (
    (ORDERS, "orders"),
    (ORDER_ITEMS, "items"),
    (ORDER_PAYMENTS, "payments"),
    (ORDER_REVIEWS, "reviews"),
    (CUSTOMERS, "customers"),
    (PRODUCTS, "products"),
    (SELLERS, "sellers"),
)


@dataclass(frozen=True)
class DropsWritten:
    """Rows written per file: the full export's, and each drop's by day."""

    out_dir: Path
    as_of: date
    full: dict[str, int]
    drops: dict[date, dict[str, int]]

    def format(self) -> str:
        lines = [f"full/ as of {self.as_of}"]
        for file_name, rows in self.full.items():
            lines.append(f"{rows:>12,}  {self.out_dir / 'full' / file_name}")
        lines.append("")
        lines.append("drops/      " + "".join(f"{label:>11}" for _, label in _COLUMNS))
        for day, counts in self.drops.items():
            cells = "".join(f"{counts[table.file_name]:>11,}" for table, _ in _COLUMNS)
            lines.append(f"{day}  {cells}")
        new_orders = sum(day[CUSTOMERS.file_name] for day in self.drops.values())
        order_rows = sum(day[ORDERS.file_name] for day in self.drops.values())
        days = len(self.drops)
        held = self.full[ORDERS.file_name]
        share = f", 1/{held * days / new_orders:,.0f} of full/'s orders" if new_orders else ""
        lines.append(
            f"a drop: {new_orders / days:,.1f} new orders on average{share};"
            f" {order_rows / days:,.1f} order rows with the status moves"
        )
        lines.append("geolocation and translation are reference data: headers only in drops")
        return "\n".join(lines)


def write_olist_drops(
    out_dir: Path,
    *,
    orders: int,
    seed: int,
    drops: int,
    as_of: date = CUT_OFF,
    progress: Progress | None = None,
) -> DropsWritten:
    """Write ``out_dir/full/`` as of ``as_of`` and a drop for each of the ``drops`` days after.

    The simulation is the same as ``write_olist_dataset``'s for the same orders and seed.
    """
    if drops < 1:
        raise ValueError(f"drops must be at least 1, got {drops}")
    last = as_of + timedelta(days=drops)
    if as_of < FIRST_DAY or last > LAST_DAY:
        room = (LAST_DAY - max(as_of, FIRST_DAY)).days
        raise ValueError(
            f"the simulated history runs from {FIRST_DAY} to {LAST_DAY}: a full export as"
            f" of {as_of} with {drops} drops would end on {last}"
            f" (at most {room} drops after {as_of})"
        )
    out_dir = Path(out_dir)
    days = [as_of + timedelta(days=k) for k in range(1, drops + 1)]
    exports = [Export(out_dir / "full", end_of(as_of))]
    exports += [Export(out_dir / "drops" / day.isoformat(), end_of(day)) for day in days]
    counts = write_exports(exports, orders=orders, seed=seed, progress=progress)
    return DropsWritten(
        out_dir=out_dir,
        as_of=as_of,
        full=counts[0],
        drops=dict(zip(days, counts[1:], strict=True)),
    )
