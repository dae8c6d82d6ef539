"""Simulate a batch of orders with everything that hangs off them.

Each batch is independent given (seed, batch number), so the dataset streams: memory
depends on the batch size and the (capped) catalogue, never on the number of orders.
The distributions come from ``shape``; entities that must look the same in every batch
(a repeat buyer's home, a product) are pure functions of their index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extract.olist.offline.catalog import Products, Sellers
from extract.olist.offline.geography import STATES, ZipUniverse, haversine_km
from extract.olist.offline.ids import Kind, uniform
from extract.olist.offline.shape import (
    BOLETO,
    BOUGHT_TOGETHER_P,
    CANCELED,
    CREATED,
    CREDIT,
    DATA_CUTOFF,
    DAY,
    DELIVERED,
    EPOCH,
    FIRST_DAY,
    INSTALLMENT_COUNTS,
    ITEM_COUNTS,
    MESSAGE_P,
    NO_REVIEW_P,
    NOT_DEFINED,
    NOT_DEFINED_P,
    ONLY_CANCELED_AFTER,
    PRIMARY_P,
    REPEAT_BUYER_P,
    SCORE_LATE,
    SCORE_ON_TIME,
    SCORE_UNDELIVERED,
    SECOND_REVIEW_P,
    SHIPPED,
    STATUS_COUNTS,
    TITLE_P,
    UNAVAILABLE,
    VOUCHER,
    VOUCHER_SPLIT_P,
    Timing,
)

TIMING = Timing()
TRANSIT_FACTOR = np.array([state.transit_factor for state in STATES])
_SCORES = np.stack([SCORE_ON_TIME, SCORE_LATE, SCORE_UNDELIVERED])


@dataclass(frozen=True)
class World:
    """What every batch shares: the seed, the zip universe and the catalogue."""

    seed: int
    zips: ZipUniverse
    products: Products
    sellers: Sellers
    day_cdf: np.ndarray  # over days since FIRST_DAY
    hour_cdf: np.ndarray
    # Review texts: per sentiment (negative, neutral, positive), the first row of its
    # pool in the stacked text table (that row is the empty cell) and the pool's size.
    message_start: np.ndarray
    message_size: np.ndarray
    title_start: np.ndarray
    title_size: np.ndarray


@dataclass(frozen=True)
class OrderBatch:
    """One batch as arrays; positions (``*_order``) index this batch's orders.

    Timestamps are Unix seconds, -1 meaning NULL; money is in cents.
    """

    first_order: int  # global index of this batch's first order
    person: np.ndarray
    customer_zip: np.ndarray
    customer_rows: np.ndarray  # the customers file lists orders in this (shuffled) order
    status: np.ndarray
    purchase: np.ndarray
    approved: np.ndarray
    carrier: np.ndarray
    delivered: np.ndarray
    estimated: np.ndarray
    # When the order was really approved, handed over and delivered, recorded or not
    # (canceled, slipped or after the snapshot): the clock exports as of a day run on.
    approve_clock: np.ndarray
    carrier_clock: np.ndarray
    deliver_clock: np.ndarray
    item_order: np.ndarray
    item_seq: np.ndarray
    item_product: np.ndarray
    item_seller: np.ndarray
    item_limit: np.ndarray
    item_price: np.ndarray
    item_freight: np.ndarray
    pay_order: np.ndarray
    pay_seq: np.ndarray
    pay_type: np.ndarray
    pay_installments: np.ndarray
    pay_value: np.ndarray
    review_key: np.ndarray  # global order index the review id derives from
    review_extra: np.ndarray  # True: a second review, id from its own stream
    review_order: np.ndarray
    review_score: np.ndarray
    review_title: np.ndarray  # row in the stacked title table
    review_message: np.ndarray  # row in the stacked message table
    review_created: np.ndarray
    review_answered: np.ndarray

    @property
    def size(self) -> int:
        return self.status.shape[0]


def simulate(
    world: World, rng: np.random.Generator, first_order: int, size: int, persons_before: int
) -> tuple[OrderBatch, int]:
    """One batch of ``size`` orders; returns it and the number of persons seen so far."""
    first_batch = first_order == 0
    # A few orders are bought together with the previous one (same person, same
    # minute, one review for both): the real file's repeated review_ids.
    together = rng.random(size) < BOUGHT_TOGETHER_P
    together[0] = False
    anchor = np.maximum.accumulate(np.where(together, 0, np.arange(size)))

    person, persons_after = _buyers(rng, together, anchor, persons_before)
    customer_zip = person_zip(world, person)
    purchase = _purchases(world, rng, together, anchor)
    status = _statuses(rng, purchase, together, anchor, first_batch)
    items = _items(world, rng, status, customer_zip, first_batch)
    primary = rng.choice(4, size=size, p=PRIMARY_P)
    times = _timeline(rng, status, primary, purchase, items["order_km"], world, customer_zip)
    status = times.pop("status")

    keep = items.pop("keep")
    item_order = items["item_order"]
    payments = _payments(
        rng,
        status,
        primary,
        item_order[keep],
        (items["item_price"] + items["item_freight"])[keep],
    )
    late = (times["delivered"] >= 0) & (times["delivered"] > times["estimated"])
    reviews = _reviews(world, rng, status, late, purchase, times, anchor, together)
    limit = np.where(times["approved"] >= 0, times["approved"], purchase)
    limit += 6 * DAY + rng.integers(0, DAY, size)

    batch = OrderBatch(
        first_order=first_order,
        person=person,
        customer_zip=customer_zip,
        customer_rows=rng.permutation(size),
        status=status,
        purchase=purchase,
        approved=times["approved"],
        carrier=times["carrier"],
        delivered=times["delivered"],
        estimated=times["estimated"],
        approve_clock=times["approve_clock"],
        carrier_clock=times["carrier_clock"],
        deliver_clock=times["deliver_clock"],
        item_order=item_order[keep],
        item_seq=items["item_seq"][keep],
        item_product=items["item_product"][keep],
        item_seller=items["item_seller"][keep],
        item_limit=limit[item_order][keep],
        item_price=items["item_price"][keep],
        item_freight=items["item_freight"][keep],
        review_key=first_order + reviews.pop("review_anchor"),
        **payments,
        **reviews,
    )
    return batch, persons_after


def person_zip(world: World, person: np.ndarray) -> np.ndarray:
    """Where a person lives: a pure function of the person, so repeat buyers stay put."""
    u = uniform(world.seed, Kind.PERSON_HOME, person)
    home = np.searchsorted(world.zips.customer_cdf, u, side="right")
    home = np.minimum(home, world.zips.prefix.shape[0] - 1)
    # The first persons cover every state, so even tiny samples show all 27.
    forced = person < len(STATES)
    home[forced] = world.zips.first_of_state[person[forced]]
    return home


def _buyers(
    rng: np.random.Generator, together: np.ndarray, anchor: np.ndarray, persons_before: int
) -> tuple[np.ndarray, int]:
    """Person index per order: mostly new people, ~3 % coming back."""
    size = together.shape[0]
    repeat = (rng.random(size) < REPEAT_BUYER_P) & ~together
    if persons_before == 0:
        repeat[0] = False
    new = ~repeat & ~together
    person = persons_before + np.cumsum(new) - 1
    persons_after = persons_before + int(new.sum())
    person[repeat] = (rng.random(int(repeat.sum())) * persons_after).astype(np.int64)
    return person[anchor], persons_after


def _purchases(
    world: World, rng: np.random.Generator, together: np.ndarray, anchor: np.ndarray
) -> np.ndarray:
    size = together.shape[0]
    day = np.searchsorted(world.day_cdf, rng.random(size), side="right")
    hour = np.searchsorted(world.hour_cdf, rng.random(size), side="right")
    first_day = (FIRST_DAY - EPOCH).days
    purchase = (first_day + day) * DAY + hour * 3600 + rng.integers(0, 3600, size)
    return np.where(together, purchase[anchor] + rng.integers(5, 90, size), purchase)


def _statuses(
    rng: np.random.Generator,
    purchase: np.ndarray,
    together: np.ndarray,
    anchor: np.ndarray,
    first_batch: bool,
) -> np.ndarray:
    size = purchase.shape[0]
    status = rng.choice(8, size=size, p=STATUS_COUNTS / STATUS_COUNTS.sum())
    status[purchase >= ONLY_CANCELED_AFTER] = CANCELED
    if first_batch and size >= 10:
        # Small samples still show all eight statuses (orders 0 and 1 are kept for
        # the forced products, see _items).
        free = np.flatnonzero(~together[2:]) + 2
        shown = min(8, free.shape[0])
        status[rng.choice(free, size=shown, replace=False)] = np.arange(shown)
    return status[anchor]


def _items(
    world: World,
    rng: np.random.Generator,
    status: np.ndarray,
    customer_zip: np.ndarray,
    first_batch: bool,
) -> dict[str, np.ndarray]:
    """Most orders hold one item; extra items repeat the product or stay with the seller."""
    size = status.shape[0]
    products = world.products
    count = rng.choice(np.arange(1, 13), size=size, p=ITEM_COUNTS / ITEM_COUNTS.sum())
    first_product = _popular(products, rng, size)
    forced = min(size, 2, len(products)) if first_batch else 0
    # ...and sell the products of the two untranslated categories (see catalog).
    first_product[:forced] = np.arange(forced)

    item_order = np.repeat(np.arange(size), count)
    starts = np.cumsum(count) - count
    item_seq = np.arange(item_order.shape[0]) - starts[item_order] + 1
    item_product = first_product[item_order]
    extra = np.flatnonzero(item_seq > 1)
    mode = rng.choice(3, size=extra.shape[0], p=[0.55, 0.33, 0.12])
    same_seller = extra[mode == 1]
    seller = products.seller[item_product[same_seller]]
    low = products.seller_start[seller]
    span = products.seller_start[seller + 1] - low
    pick = low + (rng.random(same_seller.shape[0]) * span).astype(np.int64)
    item_product[same_seller] = products.by_seller[pick]
    anywhere = extra[mode == 2]
    item_product[anywhere] = _popular(products, rng, anywhere.shape[0])
    item_seller = products.seller[item_product]

    # Unavailable orders almost never kept their items, a quarter of canceled ones neither.
    no_items = (
        ((status == UNAVAILABLE) & (rng.random(size) < 0.99))
        | ((status == CANCELED) & (rng.random(size) < 0.26))
        | (status == CREATED)
    )
    no_items[:forced] = False

    # Freight grows with the seller-to-customer distance and the parcel's weight.
    zips = world.zips
    seller_zip = world.sellers.zip[item_seller]
    home = customer_zip[item_order]
    km = haversine_km(zips.lat[seller_zip], zips.lng[seller_zip], zips.lat[home], zips.lng[home])
    weight = products.weight_g[item_product]
    weight_kg = np.where(weight < 0, 1000, weight) / 1000
    # Same order, same parcel: identical items get identical freight.
    noise = rng.lognormal(0.0, 0.22, size)[item_order]
    freight = (10.0 + 0.0075 * km + 2.2 * weight_kg) * noise
    return {
        "item_order": item_order,
        "item_seq": item_seq,
        "item_product": item_product,
        "item_seller": item_seller,
        "item_price": products.price_cents[item_product],
        "item_freight": np.rint(freight * 100).astype(np.int64),
        "order_km": km[starts],
        "keep": ~no_items[item_order],
    }


def _timeline(
    rng: np.random.Generator,
    status: np.ndarray,
    primary: np.ndarray,
    purchase: np.ndarray,
    order_km: np.ndarray,
    world: World,
    customer_zip: np.ndarray,
) -> dict[str, np.ndarray]:
    """Approval, hand-over to the carrier, delivery and the promised date."""
    size = status.shape[0]
    timing = TIMING
    # Boleto orders wait a day or two for the payment to clear.
    approve_delay = np.where(
        primary == BOLETO,
        rng.gamma(2.0, 0.6, size) * DAY,
        rng.lognormal(np.log(900), 1.3, size),
    ).astype(np.int64)
    approved = purchase + np.maximum(approve_delay, 30)
    handling = rng.gamma(timing.handling_shape, timing.handling_scale, size) * DAY
    carrier = approved + handling.astype(np.int64)
    carrier = np.where(rng.random(size) < 0.5, carrier - carrier % 60, carrier)
    base = timing.transit_base + timing.transit_per_km * order_km
    state = world.zips.state[customer_zip]
    sigma = timing.transit_sigma
    transit = base * TRANSIT_FACTOR[state] * rng.lognormal(-sigma * sigma / 2, sigma, size)
    held_up = rng.random(size) < timing.problem_p
    transit += held_up * rng.gamma(timing.problem_shape, timing.problem_scale, size)
    delivered = carrier + (transit * DAY).astype(np.int64)
    # The promise knows the distance but not the state's slow carriers or hold-ups.
    promise = (
        timing.estimate_base
        + timing.estimate_factor * (timing.handling_shape * timing.handling_scale + base)
        + rng.normal(0, timing.estimate_sigma, size)
    )
    estimated = purchase + (np.maximum(promise, 3) * DAY).astype(np.int64)
    estimated -= estimated % DAY
    clock = {"approve_clock": approved, "carrier_clock": carrier, "deliver_clock": delivered}

    status = np.where((status == DELIVERED) & (delivered > DATA_CUTOFF), SHIPPED, status)
    is_delivered = status == DELIVERED
    never_approved = (status == CREATED) | ((status == CANCELED) & (rng.random(size) < 0.23))
    approved = np.where(never_approved, -1, approved)
    has_carrier = (
        is_delivered
        | (status == SHIPPED)
        | ((status == CANCELED) & (approved >= 0) & (rng.random(size) < 0.12))
    )
    carrier = np.where(has_carrier, carrier, -1)
    delivered = np.where(is_delivered, delivered, -1)
    # The real file's own slips: a handful of delivered orders miss one timestamp.
    for column in (approved, carrier, delivered):
        column[is_delivered & (rng.random(size) < 0.0002)] = -1
    return {
        "status": status,
        "approved": approved,
        "carrier": carrier,
        "delivered": delivered,
        "estimated": estimated,
        **clock,
    }


def _popular(products: Products, rng: np.random.Generator, size: int) -> np.ndarray:
    picked = np.searchsorted(products.popularity_cdf, rng.random(size), side="right")
    return np.minimum(picked, len(products) - 1)


def _payments(
    rng: np.random.Generator,
    status: np.ndarray,
    primary: np.ndarray,
    item_order: np.ndarray,
    item_total: np.ndarray,
) -> dict[str, np.ndarray]:
    """One row per order, plus voucher rows that cover part of some orders."""
    size = status.shape[0]
    total = np.bincount(item_order, weights=item_total, minlength=size).astype(np.int64)
    # Orders without items were still charged (the real file has their payments).
    empty = total == 0
    total[empty] = np.rint(rng.lognormal(np.log(9000), 0.8, int(empty.sum()))).astype(np.int64)

    primary = primary.copy()
    not_defined = (status == CANCELED) & (rng.random(size) < NOT_DEFINED_P)
    primary[not_defined] = NOT_DEFINED
    total[not_defined] = 0
    vouchers = np.zeros(size, dtype=np.int64)
    split = (rng.random(size) < VOUCHER_SPLIT_P) & (primary != VOUCHER) & ~not_defined
    vouchers[split] = rng.geometric(1 / 1.7, int(split.sum()))
    only = primary == VOUCHER
    vouchers[only] = rng.geometric(0.85, int(only.sum())) - 1  # extra voucher rows
    rows = 1 + vouchers
    pay_order = np.repeat(np.arange(size), rows)
    starts = np.cumsum(rows) - rows
    pay_seq = np.arange(pay_order.shape[0]) - starts[pay_order] + 1
    pay_type = np.where(pay_seq == 1, primary[pay_order], VOUCHER)

    # Vouchers cover part of a split order; voucher-only orders share equally.
    voucher_share = np.where(split, rng.uniform(0.05, 0.6, size), 1.0)
    row_share = np.where(
        pay_seq == 1,
        np.where(split, 1 - voucher_share, 1.0 / rows)[pay_order],
        (voucher_share / np.where(split, vouchers, rows))[pay_order],
    )
    value = np.floor(total[pay_order] * row_share).astype(np.int64)
    paid = np.bincount(pay_order, weights=value, minlength=size).astype(np.int64)
    value[starts] += total - paid

    counts = np.array(list(INSTALLMENT_COUNTS.values()), dtype=np.float64)
    drawn = rng.choice(
        np.array(list(INSTALLMENT_COUNTS)), size=pay_order.shape[0], p=counts / counts.sum()
    )
    cap = np.maximum(1, value // 500)  # at least R$5 per installment
    return {
        "pay_order": pay_order,
        "pay_seq": pay_seq,
        "pay_type": pay_type,
        "pay_installments": np.where(pay_type == CREDIT, np.minimum(drawn, cap), 1),
        "pay_value": value,
    }


def _reviews(
    world: World,
    rng: np.random.Generator,
    status: np.ndarray,
    late: np.ndarray,
    purchase: np.ndarray,
    times: dict[str, np.ndarray],
    anchor: np.ndarray,
    together: np.ndarray,
) -> dict[str, np.ndarray]:
    """One review per order mostly: scores follow the delivery, texts the score."""
    size = status.shape[0]
    delivered, estimated = times["delivered"], times["estimated"]
    outcome = np.where(status != DELIVERED, 2, np.where(late, 1, 0))
    score = 1 + _choose_rows(rng, _SCORES[outcome])

    # The survey goes out once the parcel arrives (or once the promise has passed).
    delivered_day = delivered - delivered % DAY
    after = rng.choice([0, 1, 2, 3, 5], size=size, p=[0.2, 0.62, 0.1, 0.05, 0.03]) * DAY
    purchase_day = purchase - purchase % DAY
    undelivered_day = np.maximum(estimated - rng.integers(0, 8, size) * DAY, purchase_day)
    created = np.where(delivered >= 0, delivered_day + after, undelivered_day + DAY)
    wait = np.maximum(rng.lognormal(np.log(DAY * 1.1), 1.0, size), 3600).astype(np.int64)

    sentiment = np.where(score <= 2, 0, np.where(score == 3, 1, 2))
    has_message = rng.random(size) < MESSAGE_P[score - 1]
    has_title = rng.random(size) < TITLE_P[score - 1]
    message = world.message_start[sentiment] + np.where(
        has_message, 1 + (rng.random(size) * world.message_size[sentiment]).astype(np.int64), 0
    )
    title = world.title_start[sentiment] + np.where(
        has_title, 1 + (rng.random(size) * world.title_size[sentiment]).astype(np.int64), 0
    )

    # Orders bought together share their anchor's review (same review_id).
    reviewed = (rng.random(size) >= NO_REVIEW_P)[anchor]
    rows = np.flatnonzero(reviewed)
    source = anchor[rows]
    # A few orders get a second, later review with its own id and no comment.
    second = rows[(rng.random(rows.shape[0]) < SECOND_REVIEW_P) & ~together[rows]]
    second_score = np.clip(score[second] + rng.integers(-1, 2, second.shape[0]), 1, 5)
    second_created = created[second] + rng.integers(1, 20, second.shape[0]) * DAY
    out = {
        "review_anchor": np.concatenate([source, second]),
        "review_extra": np.repeat([False, True], [rows.shape[0], second.shape[0]]),
        "review_order": np.concatenate([rows, second]),
        "review_score": np.concatenate([score[source], second_score]),
        "review_title": np.concatenate([title[source], np.zeros_like(second)]),
        "review_message": np.concatenate([message[source], np.zeros_like(second)]),
        "review_created": np.concatenate([created[source], second_created]),
        "review_answered": np.concatenate(
            [created[source] + wait[source], second_created + wait[second]]
        ),
    }
    shuffle = rng.permutation(out["review_order"].shape[0])
    return {name: values[shuffle] for name, values in out.items()}


def _choose_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (n, k) probability matrix."""
    cdf = np.cumsum(probabilities, axis=1)
    u = rng.random(probabilities.shape[0])[:, None]
    return np.minimum((u >= cdf).sum(axis=1), probabilities.shape[1] - 1)
