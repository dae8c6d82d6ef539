"""Turn the simulation's arrays into the nine files' bytes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from extract.olist.offline import cells
from extract.olist.offline.catalog import CATEGORY_NAMES, TRANSLATION
from extract.olist.offline.geography import CITIES, STATE_CODES, ZipUniverse
from extract.olist.offline.ids import MASK64, Kind, id_bytes
from extract.olist.offline.lifecycle import Rows
from extract.olist.offline.orders import OrderBatch, World
from extract.olist.offline.shape import PAYMENT_TYPES, STATUSES
from extract.olist.offline.texts import TextTable
from extract.olist.tables import (
    CATEGORY_TRANSLATION,
    CUSTOMERS,
    ORDER_ITEMS,
    ORDER_PAYMENTS,
    ORDER_REVIEWS,
    ORDERS,
    OlistTable,
)

MAX_GEOLOCATION_ROWS = 1_000_000
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Vocabulary:
    """Formatted cells shared by every batch, indexed by code."""

    zip: np.ndarray
    city: np.ndarray
    state: np.ndarray
    status: np.ndarray
    payment: np.ndarray
    messages: np.ndarray
    titles: np.ndarray

    @classmethod
    def build(cls, zips: ZipUniverse, messages: TextTable, titles: TextTable) -> Vocabulary:
        return cls(
            zip=cells.table([f"{prefix:05d}" for prefix in zips.prefix.tolist()]),
            city=cells.table([city.name for city in CITIES]),
            state=cells.table(list(STATE_CODES)),
            status=cells.table(list(STATUSES)),
            payment=cells.table(list(PAYMENT_TYPES)),
            messages=messages.cells,
            titles=titles.cells,
        )


def ids(seed: int, kind: Kind, index: np.ndarray, *, always_quote: bool = False) -> np.ndarray:
    return cells.hex_ids(id_bytes(seed, kind, index), always_quote=always_quote)


def batch_files(
    world: World, words: Vocabulary, batch: OrderBatch, parts: Sequence[Rows]
) -> Iterator[tuple[OlistTable, list[bytes], list[int]]]:
    """(table, bytes, rows) per part, for each order-level file of one batch.

    The parts (the exports a run writes) are formatted together, one pass per file.
    """
    seed = world.seed
    order_index = batch.first_order + np.arange(batch.size)

    position, sizes = _gather(parts, "orders")
    if position.size:
        index = order_index[position]
        approved, carrier, delivered = (
            np.concatenate([getattr(part, name) for part in parts])
            for name in ("approved", "carrier", "delivered")
        )
        orders = [
            ids(seed, Kind.ORDER_ID, index),
            ids(seed, Kind.CUSTOMER_ID, index),
            words.status[np.concatenate([part.status for part in parts])],
            cells.timestamps(batch.purchase[position]),
            *(
                cells.timestamps(column, null=column < 0)
                for column in (approved, carrier, delivered)
            ),
            cells.timestamps(batch.estimated[position]),
        ]
        yield ORDERS, cells.grouped_lines(orders, sizes), sizes

    item, sizes = _gather(parts, "items")
    if item.size:
        items = [
            ids(seed, Kind.ORDER_ID, order_index[batch.item_order[item]]),
            cells.integers(batch.item_seq[item]),
            ids(seed, Kind.PRODUCT_ID, batch.item_product[item]),
            ids(seed, Kind.SELLER_ID, batch.item_seller[item]),
            cells.timestamps(batch.item_limit[item]),
            cells.money(batch.item_price[item]),
            cells.money(batch.item_freight[item]),
        ]
        yield ORDER_ITEMS, cells.grouped_lines(items, sizes), sizes

    pay, sizes = _gather(parts, "payments")
    if pay.size:
        payments = [
            ids(seed, Kind.ORDER_ID, order_index[batch.pay_order[pay]]),
            cells.integers(batch.pay_seq[pay]),
            words.payment[batch.pay_type[pay]],
            cells.integers(batch.pay_installments[pay]),
            cells.money(batch.pay_value[pay]),
        ]
        yield ORDER_PAYMENTS, cells.grouped_lines(payments, sizes), sizes

    review, sizes = _gather(parts, "reviews")
    if review.size:
        key = batch.review_key[review]
        # The real reviews file quotes both ids whatever their first character.
        review_ids = np.where(
            batch.review_extra[review][:, None],
            ids(seed, Kind.EXTRA_REVIEW_ID, key, always_quote=True),
            ids(seed, Kind.REVIEW_ID, key, always_quote=True),
        )
        reviews = [
            review_ids,
            ids(seed, Kind.ORDER_ID, order_index[batch.review_order[review]], always_quote=True),
            cells.integers(batch.review_score[review]),
            words.titles[batch.review_title[review]],
            words.messages[batch.review_message[review]],
            cells.timestamps(batch.review_created[review]),
            cells.timestamps(batch.review_answered[review]),
        ]
        yield ORDER_REVIEWS, cells.grouped_lines(reviews, sizes), sizes

    listed, sizes = _gather(parts, "customers")
    if listed.size:
        home = batch.customer_zip[listed]
        customers = [
            ids(seed, Kind.CUSTOMER_ID, order_index[listed]),
            ids(seed, Kind.PERSON_ID, batch.person[listed]),
            words.zip[home],
            words.city[world.zips.city[home]],
            words.state[world.zips.state[home]],
        ]
        yield CUSTOMERS, cells.grouped_lines(customers, sizes), sizes


def _gather(parts: Sequence[Rows], name: str) -> tuple[np.ndarray, list[int]]:
    chosen = [getattr(part, name) for part in parts]
    return np.concatenate(chosen), [positions.shape[0] for positions in chosen]


def translation_file(*, rows: bool = True) -> bytes:
    """The real table: UTF-8 BOM, unquoted header, CRLF, no final line break.

    Without ``rows``, the header alone (still no line break after it): a drop's file.
    """
    lines = [",".join(CATEGORY_TRANSLATION.header)]
    if rows:
        lines += [f"{name},{english}" for name, english in TRANSLATION]
    return _BOM + "\r\n".join(lines).encode()


def products_file(world: World, rows: np.ndarray) -> bytes:
    products = world.products
    category = cells.table(["", *CATEGORY_NAMES])[products.category[rows] + 1]
    numbers = (
        products.name_length,
        products.description_length,
        products.photos,
        products.weight_g,
        products.length_cm,
        products.height_cm,
        products.width_cm,
    )
    return cells.lines(
        [
            ids(world.seed, Kind.PRODUCT_ID, rows),
            category,
            *(cells.integers(np.maximum(n[rows], 0), null=n[rows] < 0) for n in numbers),
        ]
    )


def seller_cities(world: World, sold: np.ndarray) -> np.ndarray:
    """The city cell of each of the ``sold`` sellers (ascending), as the sellers file spells it.

    Drawn once over every seller who ever sells, so a seller reads the same in every
    export and drop that lists them.
    """
    zips = world.zips
    home = world.sellers.zip[sold]
    rng = np.random.default_rng([world.seed & MASK64, 4])
    names = []
    variants = world.sellers.city_variant[sold].tolist()
    for zip_index, variant in zip(home.tolist(), variants, strict=True):
        city = CITIES[int(zips.city[zip_index])]
        uf = city.state.lower()
        if variant == 1:
            names.append(f"{city.name} - {uf}")
        elif variant == 2:
            names.append(f"{city.name}/{uf}")
        elif variant == 3:  # sellers who typed their CEP as the city
            names.append(f"{int(zips.prefix[zip_index]):05d}{int(rng.integers(0, 1000)):03d}")
        else:
            names.append(city.name)
    return cells.table(names)


def sellers_file(world: World, words: Vocabulary, rows: np.ndarray, cities: np.ndarray) -> bytes:
    """Sellers ``rows`` with their ``cities`` cells (one per row)."""
    home = world.sellers.zip[rows]
    return cells.lines(
        [
            ids(world.seed, Kind.SELLER_ID, rows),
            words.zip[home],
            cities,
            words.state[world.zips.state[home]],
        ]
    )


def geolocation_file(world: World, words: Vocabulary, orders: int) -> Iterator[tuple[bytes, int]]:
    """Many rows per prefix around its centroid, city spelt several ways, duplicates kept.

    About ten rows per order like the real file, capped near its million rows.
    """
    zips = world.zips
    rng = np.random.default_rng([world.seed & MASK64, 2])
    total = zips.prefix.shape[0]
    mean = min(MAX_GEOLOCATION_ROWS, max(3 * total, 10 * orders)) / total
    spellings = cells.table(
        [name for city in CITIES for name in (city.name, city.accented, city.name.upper())]
    )
    for low in range(0, total, 2000):
        block = np.arange(low, min(total, low + 2000))
        per_zip = 1 + rng.poisson(rng.gamma(1.2, (mean - 1) / 1.2, block.shape[0]))
        row_zip = np.repeat(block, per_zip)
        rows = row_zip.shape[0]
        lat = zips.lat[row_zip] + rng.normal(0, 0.006, rows)
        lng = zips.lng[row_zip] + rng.normal(0, 0.006, rows)
        spelling = rng.choice(3, size=rows, p=[0.83, 0.16, 0.01])
        # About a fifth of rows repeat the previous row of the same prefix exactly.
        duplicate = rng.random(rows) < 0.2
        duplicate[np.cumsum(per_zip) - per_zip] = False
        source = np.maximum.accumulate(np.where(duplicate, 0, np.arange(rows)))
        # Roughly zip order, locally shuffled like the real file.
        order = source[np.argsort(np.arange(rows) + rng.uniform(0, 40, rows), kind="stable")]
        row_zip = row_zip[order]
        chunk = cells.lines(
            [
                words.zip[row_zip],
                cells.decimals(np.rint(lat[order] * 1e14).astype(np.int64), 14),
                cells.decimals(np.rint(lng[order] * 1e14).astype(np.int64), 14),
                spellings[zips.city[row_zip] * 3 + spelling[order]],
                words.state[zips.state[row_zip]],
            ]
        )
        yield chunk, rows
