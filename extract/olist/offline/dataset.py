"""Write the nine Olist files: geography first, orders batch by batch, catalogue last.

One pass writes one export, or a full export and the daily drops after it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

import numpy as np

from extract.olist.offline import cells, writers
from extract.olist.offline.catalog import build_products, build_sellers
from extract.olist.offline.geography import build_zip_universe
from extract.olist.offline.ids import MASK64
from extract.olist.offline.lifecycle import NEVER, Rows, split_rows
from extract.olist.offline.orders import World, simulate
from extract.olist.offline.progress import Progress
from extract.olist.offline.shape import (
    DAY,
    EPOCH,
    FIRST_DAY,
    HOURLY_ORDERS,
    LAST_DAY,
    day_weights,
)
from extract.olist.offline.texts import review_messages, review_titles
from extract.olist.tables import (
    CATEGORY_TRANSLATION,
    CUSTOMERS,
    GEOLOCATION,
    OLIST_TABLES,
    ORDER_ITEMS,
    ORDER_PAYMENTS,
    ORDER_REVIEWS,
    ORDERS,
    PRODUCTS,
    SELLERS,
    OlistTable,
)

BATCH_ORDERS = 25_000
REAL_ORDERS = 99_441
# More candidates than the real counts (32,951 products, 3,095 sellers): only those
# that sell reach the files, which then land near the real counts.
PRODUCT_CANDIDATES = 32_951 * 1.9
SELLER_CANDIDATES = 3_095 * 1.1
MAX_PRODUCTS = 450_000
MAX_SELLERS = 33_000
MAX_ZIPS = 19_000


@dataclass(frozen=True)
class Export:
    """A folder the run writes: the full export (first) or a drop after the one before.

    ``end`` is the last second it covers (inclusive, Unix seconds); ``None`` is the real
    snapshot's own state, every row as simulated (the export without a date).
    """

    folder: Path
    end: int | None


def end_of(day: date) -> int:
    """The last second of ``day``: an export as of a day holds the whole day."""
    return (day - EPOCH).days * DAY + DAY - 1


def write_olist_dataset(
    out_dir: Path,
    *,
    orders: int,
    seed: int,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a synthetic Olist dataset of ``orders`` orders to ``out_dir``.

    Same seed and size, same bytes. Without ``as_of`` the files are the real snapshot's
    (taken on its last day); with it, the shop as it stood at the end of that day:
    the orders placed by then, each with the status it had reached. Returns data rows
    written per file, in the order of ``OLIST_TABLES``. Files are written as
    ``<name>.part`` and renamed at the end, so an interrupted run never leaves
    complete-looking files behind.
    """
    if as_of is not None and not FIRST_DAY <= as_of <= LAST_DAY:
        raise ValueError(
            f"as_of must fall between {FIRST_DAY} and {LAST_DAY} (the simulated history),"
            f" got {as_of}"
        )
    end = None if as_of is None else end_of(as_of)
    exports = [Export(Path(out_dir), end)]
    (counts,) = write_exports(exports, orders=orders, seed=seed, progress=progress)
    return counts


def write_exports(
    exports: Sequence[Export], *, orders: int, seed: int, progress: Progress | None = None
) -> list[dict[str, int]]:
    """Write a full export and the drops after it in one pass over the simulation.

    The full export holds every row that exists at its end; each drop the rows that
    appeared or changed since the export before it (see ``lifecycle``). Returns data
    rows per file for each export.
    """
    if orders < 1:
        raise ValueError(f"orders must be at least 1, got {orders}")
    ends = [export.end for export in exports]
    if None in ends and len(exports) > 1:
        raise ValueError("only a lone export can be the undated snapshot (end=None)")
    if None not in ends and any(b <= a for a, b in zip(ends, ends[1:], strict=False)):
        raise ValueError(f"export ends must increase, got {ends}")
    bounds = None if None in ends else np.array(ends, dtype=np.int64)
    world, words = _build_world(seed, orders)
    names = [table.file_name for table in OLIST_TABLES]
    counts = [dict.fromkeys(names, 0) for _ in exports]
    clock = _Clock(progress, [export.folder for export in exports])

    with _part_files([export.folder for export in exports]) as files:
        for number, folder_files in enumerate(files):
            for table in OLIST_TABLES:
                if table is not CATEGORY_TRANSLATION:
                    folder_files[table.file_name].write(cells.header(table.header))
            # Reference tables come whole in the full export; a drop's are headers only.
            translation = writers.translation_file(rows=number == 0)
            folder_files[CATEGORY_TRANSLATION.file_name].write(translation)
        counts[0][CATEGORY_TRANSLATION.file_name] = len(writers.TRANSLATION)
        clock.written([CATEGORY_TRANSLATION], counts, drops=False)
        for chunk, rows in writers.geolocation_file(world, words, orders):
            files[0][GEOLOCATION.file_name].write(chunk)
            counts[0][GEOLOCATION.file_name] += rows
        clock.written([GEOLOCATION], counts, drops=False)

        persons = 0
        first_sold = np.full(len(world.products), NEVER, dtype=np.int64)
        for number, first in enumerate(range(0, orders, BATCH_ORDERS)):
            rng = np.random.default_rng([seed & MASK64, 3, number])
            size = min(BATCH_ORDERS, orders - first)
            batch, persons = simulate(world, rng, first, size, persons)
            np.minimum.at(first_sold, batch.item_product, batch.purchase[batch.item_order])
            parts = [Rows.snapshot(batch)] if bounds is None else split_rows(batch, bounds)
            for table, chunks, sizes in writers.batch_files(world, words, batch, parts):
                for export, (chunk, written) in enumerate(zip(chunks, sizes, strict=True)):
                    if written:
                        files[export][table.file_name].write(chunk)
                        counts[export][table.file_name] += written
            clock.orders(first + size, orders)
        clock.written([ORDERS, ORDER_ITEMS, ORDER_PAYMENTS, ORDER_REVIEWS, CUSTOMERS], counts)

        _write_catalogue(world, words, first_sold, bounds, files, counts)
        clock.written([PRODUCTS, SELLERS], counts)
    return counts


def _write_catalogue(
    world: World,
    words: writers.Vocabulary,
    first_sold: np.ndarray,
    bounds: np.ndarray | None,
    files: list[dict[str, BinaryIO]],
    counts: list[dict[str, int]],
) -> None:
    """As in the real files, the catalogue lists what was sold and who sold it: each
    product and seller in the export in which it first sold."""
    sold = np.flatnonzero(first_sold != NEVER)
    seller_first = np.full(len(world.sellers.zip), NEVER, dtype=np.int64)
    np.minimum.at(seller_first, world.products.seller[sold], first_sold[sold])
    sellers = np.flatnonzero(seller_first != NEVER)
    cities = writers.seller_cities(world, sellers)
    if bounds is None:
        product_export = np.zeros(sold.shape[0], dtype=np.int64)
        seller_export = np.zeros(sellers.shape[0], dtype=np.int64)
    else:
        product_export = np.searchsorted(bounds, first_sold[sold], side="left")
        seller_export = np.searchsorted(bounds, seller_first[sellers], side="left")
    for export, folder_files in enumerate(files):
        products = sold[product_export == export]
        listed = np.flatnonzero(seller_export == export)
        if products.size:
            folder_files[PRODUCTS.file_name].write(writers.products_file(world, products))
        if listed.size:
            folder_files[SELLERS.file_name].write(
                writers.sellers_file(world, words, sellers[listed], cities[listed])
            )
        counts[export][PRODUCTS.file_name] = products.shape[0]
        counts[export][SELLERS.file_name] = listed.shape[0]


def _build_world(seed: int, orders: int) -> tuple[World, writers.Vocabulary]:
    rng = np.random.default_rng([seed & MASK64, 1])
    zips = build_zip_universe(rng, min(MAX_ZIPS, max(400, orders // 5)))
    seller_count = min(MAX_SELLERS, max(2, round(SELLER_CANDIDATES * orders / REAL_ORDERS)))
    product_count = min(MAX_PRODUCTS, max(4, round(PRODUCT_CANDIDATES * orders / REAL_ORDERS)))
    sellers = build_sellers(rng, seller_count, zips)
    products = build_products(rng, product_count, seller_count)
    messages = review_messages(rng)
    titles = review_titles()
    hours = np.cumsum(HOURLY_ORDERS)
    days = np.cumsum(day_weights())
    world = World(
        seed=seed,
        zips=zips,
        products=products,
        sellers=sellers,
        day_cdf=days / days[-1],
        hour_cdf=hours / hours[-1],
        message_start=messages.start,
        message_size=messages.size,
        title_start=titles.start,
        title_size=titles.size,
    )
    return world, writers.Vocabulary.build(zips, messages, titles)


class _Clock:
    """Tells ``progress`` (if any) how far the run is: files done, orders simulated."""

    def __init__(self, progress: Progress | None, folders: list[Path]) -> None:
        self._progress = progress
        self._folders = folders
        self._started = time.perf_counter()
        self._last = self._started

    def orders(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.orders(done, total, time.perf_counter() - self._started)

    def written(
        self, tables: Sequence[OlistTable], counts: list[dict[str, int]], *, drops: bool = True
    ) -> None:
        """``tables``' files are complete (together, since the last call): the full
        export's, and the drops' summed unless they are headers only (``drops=False``)."""
        now = time.perf_counter()
        seconds, self._last = now - self._last, now
        if self._progress is None:
            return
        for table in tables:
            name = table.file_name
            self._progress.file_written(self._folders[0] / name, counts[0][name], seconds)
            if drops and len(counts) > 1:
                rows = sum(export[name] for export in counts[1:])
                self._progress.file_written(
                    self._folders[1].parent / "*" / name, rows, seconds, files=len(counts) - 1
                )


@contextmanager
def _part_files(folders: list[Path]) -> Iterator[list[dict[str, BinaryIO]]]:
    parts = [
        {table.file_name: folder / f"{table.file_name}.part" for table in OLIST_TABLES}
        for folder in folders
    ]
    try:
        with ExitStack() as stack:
            opened = []
            for number, (folder, folder_parts) in enumerate(zip(folders, parts, strict=True)):
                folder.mkdir(parents=True, exist_ok=True)
                # Drops are small; a smaller buffer keeps months of them cheap to hold open.
                buffering = 1 << 20 if number == 0 else 1 << 16
                opened.append(
                    {
                        name: stack.enter_context(open(path, "wb", buffering=buffering))
                        for name, path in folder_parts.items()
                    }
                )
            yield opened
    except BaseException:
        for folder_parts in parts:
            for path in folder_parts.values():
                path.unlink(missing_ok=True)
        raise
    for folder, folder_parts in zip(folders, parts, strict=True):
        for name, path in folder_parts.items():
            os.replace(path, folder / name)
