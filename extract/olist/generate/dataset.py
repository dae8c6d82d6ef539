"""Write the nine Olist files: geography first, orders batch by batch, catalogue last."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

from extract.olist.generate import cells, writers
from extract.olist.generate.catalog import build_products, build_sellers
from extract.olist.generate.geography import build_zip_universe
from extract.olist.generate.ids import MASK64
from extract.olist.generate.orders import World, simulate
from extract.olist.generate.shape import HOURLY_ORDERS, day_weights
from extract.olist.generate.texts import review_messages, review_titles
from extract.olist.tables import (
    CATEGORY_TRANSLATION,
    GEOLOCATION,
    OLIST_TABLES,
    PRODUCTS,
    SELLERS,
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


def write_olist_dataset(out_dir: Path, *, orders: int, seed: int) -> dict[str, int]:
    """Write a synthetic Olist dataset of ``orders`` orders to ``out_dir``.

    Same seed and size, same bytes. Returns data rows written per file, in the order
    of ``OLIST_TABLES``. Files are written as ``<name>.part`` and renamed at the end,
    so an interrupted run never leaves complete-looking files behind.
    """
    if orders < 1:
        raise ValueError(f"orders must be at least 1, got {orders}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world, words = _build_world(seed, orders)
    counts = dict.fromkeys((table.file_name for table in OLIST_TABLES), 0)

    with _part_files(out_dir) as files:
        for table in OLIST_TABLES:
            if table is not CATEGORY_TRANSLATION:
                files[table.file_name].write(cells.header(table.header))
        files[CATEGORY_TRANSLATION.file_name].write(writers.translation_file())
        counts[CATEGORY_TRANSLATION.file_name] = len(writers.TRANSLATION)
        for chunk, rows in writers.geolocation_file(world, words, orders):
            files[GEOLOCATION.file_name].write(chunk)
            counts[GEOLOCATION.file_name] += rows

        persons = 0
        sold = np.zeros(len(world.products), dtype=bool)
        for number, first in enumerate(range(0, orders, BATCH_ORDERS)):
            rng = np.random.default_rng([seed & MASK64, 3, number])
            size = min(BATCH_ORDERS, orders - first)
            batch, persons = simulate(world, rng, first, size, persons)
            sold[batch.item_product] = True
            for table, chunk, rows in writers.batch_files(world, words, batch):
                files[table.file_name].write(chunk)
                counts[table.file_name] += rows

        # As in the real files, the catalogue lists what was sold and who sold it.
        products = np.flatnonzero(sold)
        sellers = np.unique(world.products.seller[products])
        files[PRODUCTS.file_name].write(writers.products_file(world, products))
        files[SELLERS.file_name].write(writers.sellers_file(world, words, sellers))
        counts[PRODUCTS.file_name] = products.shape[0]
        counts[SELLERS.file_name] = sellers.shape[0]
    return counts


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


@contextmanager
def _part_files(out_dir: Path) -> Iterator[dict[str, BinaryIO]]:
    parts = {table.file_name: out_dir / f"{table.file_name}.part" for table in OLIST_TABLES}
    try:
        with ExitStack() as stack:
            yield {
                name: stack.enter_context(open(path, "wb", buffering=1 << 20))
                for name, path in parts.items()
            }
    except BaseException:
        for path in parts.values():
            path.unlink(missing_ok=True)
        raise
    for name, path in parts.items():
        os.replace(path, out_dir / name)
