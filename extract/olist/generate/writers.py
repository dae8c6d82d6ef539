"""Turn the simulation's arrays into the nine files' bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from extract.olist.generate import cells
from extract.olist.generate.catalog import CATEGORY_NAMES, TRANSLATION
from extract.olist.generate.geography import CITIES, STATE_CODES, ZipUniverse
from extract.olist.generate.ids import MASK64, Kind, id_bytes
from extract.olist.generate.orders import OrderBatch, World
from extract.olist.generate.shape import PAYMENT_TYPES, STATUSES
from extract.olist.generate.texts import TextTable
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
    world: World, words: Vocabulary, batch: OrderBatch
) -> Iterator[tuple[OlistTable, bytes, int]]:
    """(table, bytes, rows) for each order-level file of one batch."""
    seed = world.seed
    order_index = batch.first_order + np.arange(batch.size)
    order_ids = ids(seed, Kind.ORDER_ID, order_index)
    customer_ids = ids(seed, Kind.CUSTOMER_ID, order_index)

    orders = [
        order_ids,
        customer_ids,
        words.status[batch.status],
        cells.timestamps(batch.purchase),
        *(
            cells.timestamps(column, null=column < 0)
            for column in (batch.approved, batch.carrier, batch.delivered)
        ),
        cells.timestamps(batch.estimated),
    ]
    yield ORDERS, cells.lines(orders), batch.size

    if batch.item_order.size:
        items = [
            order_ids[batch.item_order],
            cells.integers(batch.item_seq),
            ids(seed, Kind.PRODUCT_ID, batch.item_product),
            ids(seed, Kind.SELLER_ID, batch.item_seller),
            cells.timestamps(batch.item_limit),
            cells.money(batch.item_price),
            cells.money(batch.item_freight),
        ]
        yield ORDER_ITEMS, cells.lines(items), batch.item_order.size

    payments = [
        order_ids[batch.pay_order],
        cells.integers(batch.pay_seq),
        words.payment[batch.pay_type],
        cells.integers(batch.pay_installments),
        cells.money(batch.pay_value),
    ]
    yield ORDER_PAYMENTS, cells.lines(payments), batch.pay_order.size

    if batch.review_order.size:
        # The real reviews file quotes both ids whatever their first character.
        review_ids = np.where(
            batch.review_extra[:, None],
            ids(seed, Kind.EXTRA_REVIEW_ID, batch.review_key, always_quote=True),
            ids(seed, Kind.REVIEW_ID, batch.review_key, always_quote=True),
        )
        reviews = [
            review_ids,
            ids(seed, Kind.ORDER_ID, order_index[batch.review_order], always_quote=True),
            cells.integers(batch.review_score),
            words.titles[batch.review_title],
            words.messages[batch.review_message],
            cells.timestamps(batch.review_created),
            cells.timestamps(batch.review_answered),
        ]
        yield ORDER_REVIEWS, cells.lines(reviews), batch.review_order.size

    rows = batch.customer_rows
    home = batch.customer_zip[rows]
    customers = [
        customer_ids[rows],
        ids(seed, Kind.PERSON_ID, batch.person[rows]),
        words.zip[home],
        words.city[world.zips.city[home]],
        words.state[world.zips.state[home]],
    ]
    yield CUSTOMERS, cells.lines(customers), batch.size


def translation_file() -> bytes:
    """The real table: UTF-8 BOM, unquoted header, CRLF, no final line break."""
    lines = [",".join(CATEGORY_TRANSLATION.header)]
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


def sellers_file(world: World, words: Vocabulary, rows: np.ndarray) -> bytes:
    zips = world.zips
    home = world.sellers.zip[rows]
    rng = np.random.default_rng([world.seed & MASK64, 4])
    names = []
    variants = world.sellers.city_variant[rows].tolist()
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
    return cells.lines(
        [
            ids(world.seed, Kind.SELLER_ID, rows),
            words.zip[home],
            cells.table(names),
            words.state[zips.state[home]],
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
