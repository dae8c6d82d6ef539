"""The real dataset's shape: the distributions the simulation draws from.

Counts are the real files' own (statuses, items per order, installments, orders per
month and per hour); probabilities and delivery parameters are tuned so the output
matches the published figures: 97 % delivered, ~8 % of deliveries late, ~12 days to
deliver against ~23 days promised, late deliveries reviewed ~1.7 points lower (4.3
against 2.6), credit card on ~74 % of payment rows, boleto ~19 %, voucher ~5.5 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

DAY = 86_400
EPOCH = date(1970, 1, 1)

STATUSES = (
    "delivered", "shipped", "canceled", "unavailable",
    "invoiced", "processing", "created", "approved",
)  # fmt: skip
DELIVERED, SHIPPED, CANCELED, UNAVAILABLE, INVOICED, PROCESSING, CREATED, APPROVED = range(8)
STATUS_COUNTS = np.array([96478, 1107, 625, 609, 314, 301, 5, 2], dtype=np.float64)

PAYMENT_TYPES = ("credit_card", "boleto", "voucher", "debit_card", "not_defined")
CREDIT, BOLETO, VOUCHER, DEBIT, NOT_DEFINED = range(5)
# An order's main method (credit, boleto, voucher, debit); some orders add vouchers.
PRIMARY_P = np.array([0.772, 0.1987, 0.0139, 0.0154])
VOUCHER_SPLIT_P = 0.0264
NOT_DEFINED_P = 0.005  # of canceled orders

# fmt: off
INSTALLMENT_COUNTS = {
    1: 25455, 2: 12413, 3: 10461, 4: 7098, 5: 5239, 6: 3920, 7: 1626, 8: 4268, 9: 644,
    10: 5328, 11: 23, 12: 133, 13: 16, 14: 15, 15: 74, 16: 5, 17: 8, 18: 27, 20: 17,
    21: 3, 22: 1, 23: 1, 24: 18,
}
ITEM_COUNTS = np.array([88863, 7516, 1322, 505, 204, 198, 22, 8, 3, 8, 4, 5], dtype=np.float64)

# Orders per month, September 2016 to October 2018 (Black Friday 2017 included).
MONTHLY_ORDERS = (
    4, 324, 0, 1,
    800, 1780, 2682, 2404, 3700, 3245, 4026, 4331, 4285, 4631, 7544, 5673,
    7269, 6728, 7211, 6939, 6873, 6167, 6292, 6512, 16, 4,
)
HOURLY_ORDERS = np.array([
    2394, 1170, 510, 272, 206, 188, 502, 1231, 2967, 4785, 6177, 6578,
    5995, 6518, 6569, 6454, 6675, 6150, 5769, 5982, 6193, 6217, 5816, 4123,
], dtype=np.float64)
# fmt: on
FIRST_DAY = date(2016, 9, 4)
LAST_DAY = date(2018, 10, 17)
BLACK_FRIDAY = date(2017, 11, 24)
# Deliveries after the snapshot are not known yet: such orders are still "shipped".
DATA_CUTOFF = (LAST_DAY - EPOCH).days * DAY + 17 * 3600
# The real file's last weeks hold only a few orders, all canceled.
ONLY_CANCELED_AFTER = (date(2018, 9, 1) - EPOCH).days * DAY

# Review score distributions (1..5) by outcome.
SCORE_ON_TIME = np.array([0.060, 0.025, 0.075, 0.205, 0.635])
SCORE_LATE = np.array([0.46, 0.09, 0.11, 0.11, 0.23])
SCORE_UNDELIVERED = np.array([0.62, 0.10, 0.10, 0.05, 0.13])
MESSAGE_P = np.array([0.80, 0.75, 0.55, 0.33, 0.31])  # by score
TITLE_P = np.array([0.20, 0.18, 0.14, 0.10, 0.10])
NO_REVIEW_P = 0.0075
SECOND_REVIEW_P = 0.0055
BOUGHT_TOGETHER_P = 0.008  # shares the previous order's review: repeated review_id
REPEAT_BUYER_P = 0.031


@dataclass(frozen=True)
class Timing:
    """Delivery model parameters (days unless noted), tuned to the real averages."""

    handling_shape: float = 1.6
    handling_scale: float = 1.45
    transit_base: float = 2.4
    transit_per_km: float = 0.0074
    transit_sigma: float = 0.43
    problem_p: float = 0.095  # parcels held up somewhere: the late tail
    problem_shape: float = 2.0
    problem_scale: float = 8.7
    estimate_base: float = 10.0
    estimate_factor: float = 1.45
    estimate_sigma: float = 4.0


def day_weights() -> np.ndarray:
    """Orders per calendar day between the real first and last purchase."""
    dates = np.arange(np.datetime64(FIRST_DAY), np.datetime64(LAST_DAY) + 1)
    month = (dates.astype("datetime64[M]") - np.datetime64("2016-09", "M")).astype(np.int64)
    per_month = np.bincount(month, minlength=len(MONTHLY_ORDERS))
    weights = np.array(MONTHLY_ORDERS, dtype=np.float64)[month] / per_month[month]
    friday = int((np.datetime64(BLACK_FRIDAY) - np.datetime64(FIRST_DAY)).astype(np.int64))
    november = month == month[friday]
    before = weights[november].sum()
    weights[friday] *= 4.5
    weights[friday + 1 : friday + 4] *= 1.6
    weights[november] *= before / weights[november].sum()
    return weights
