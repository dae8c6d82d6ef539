"""How the shop looks as of a moment: each order's status clock, and when rows appear.

The simulation gives every order its state in the real snapshot (``OrderBatch``) and
the moments it was really approved, handed over and delivered. Exported as of a
moment, an order shows the status it had reached by then and only the timestamps
already passed: created, then approved, processing, invoiced, shipped and delivered,
or stuck or stopped on the way as its snapshot status says (an order invoiced in the
snapshot stays invoiced; a canceled one is canceled a while after its last step).
Rows of the other order files never change once written: items, payments and the
customer arrive with the order, a review when the customer answers the survey.

An export is either a full one (every row that exists at its end) or a drop (every row
that appeared or changed in its window, orders shown as they stand at its end), so a
full export merged with the drops that follow it, on each file's key, is the full
export as of the last drop's end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extract.olist.offline.orders import OrderBatch
from extract.olist.offline.shape import (
    APPROVED,
    CANCELED,
    CREATED,
    DELIVERED,
    INVOICED,
    PROCESSING,
    SHIPPED,
    UNAVAILABLE,
)

NEVER = np.iinfo(np.int64).max
# The moves an order can make, in order; a move it never makes happens NEVER.
_PLACED, _APPROVAL, _PROCESSING, _INVOICE, _HAND_OVER, _END = range(6)
_MOVES = 6
_GOES_AS_FAR_AS = {
    # snapshot status: (the last regular move it makes, its final move's status or -1)
    DELIVERED: (_HAND_OVER, DELIVERED),
    SHIPPED: (_HAND_OVER, -1),
    INVOICED: (_INVOICE, -1),
    PROCESSING: (_PROCESSING, -1),
    APPROVED: (_APPROVAL, -1),
    CREATED: (_PLACED, -1),
    UNAVAILABLE: (_PROCESSING, UNAVAILABLE),  # found out of stock while being picked
}
_MOVE_STATUS = np.array([CREATED, APPROVED, PROCESSING, INVOICED, SHIPPED, -1])


@dataclass(frozen=True)
class Rows:
    """The rows of one batch an export writes, and the state its orders show.

    Positions index the batch's arrays; ``customers`` lists order positions in the
    customers file's (shuffled) order.
    """

    orders: np.ndarray
    status: np.ndarray
    approved: np.ndarray
    carrier: np.ndarray
    delivered: np.ndarray
    items: np.ndarray
    payments: np.ndarray
    reviews: np.ndarray
    customers: np.ndarray

    @classmethod
    def snapshot(cls, batch: OrderBatch) -> Rows:
        """Every row, as the real snapshot shows it: the export without a date."""
        return cls(
            orders=np.arange(batch.size),
            status=batch.status,
            approved=batch.approved,
            carrier=batch.carrier,
            delivered=batch.delivered,
            items=np.arange(batch.item_order.shape[0]),
            payments=np.arange(batch.pay_order.shape[0]),
            reviews=np.arange(batch.review_order.shape[0]),
            customers=batch.customer_rows,
        )


@dataclass(frozen=True)
class Lifecycle:
    """When each order's row changes (and to which status), when each review arrives."""

    move_at: np.ndarray  # (orders, moves) Unix seconds, NEVER for moves not made
    move_status: np.ndarray  # (orders, moves) the status after each move
    review_at: np.ndarray

    @classmethod
    def of(cls, batch: OrderBatch) -> Lifecycle:
        size = batch.size
        placed = batch.purchase
        approval = batch.approve_clock
        hand_over = batch.carrier_clock
        handling = np.maximum(hand_over - approval, 0)
        move_at = np.full((size, _MOVES), NEVER, dtype=np.int64)
        move_status = np.broadcast_to(_MOVE_STATUS, (size, _MOVES)).copy()
        regular = np.stack(
            [
                placed,
                approval,
                approval + handling // 3,
                approval + 2 * handling // 3,
                hand_over,
            ],
            axis=1,
        )
        status = batch.status
        for snapshot, (last, final) in _GOES_AS_FAR_AS.items():
            rows = status == snapshot
            move_at[rows, : last + 1] = regular[rows, : last + 1]
            if final >= 0:
                ends = batch.deliver_clock if final == DELIVERED else regular[:, _INVOICE]
                move_at[rows, _END] = ends[rows]
                move_status[rows, _END] = final

        # A canceled order went as far as its recorded timestamps say, then stopped.
        canceled = np.flatnonzero(status == CANCELED)
        approved = batch.approved[canceled] >= 0
        handed = batch.carrier[canceled] >= 0
        reached = np.where(handed, _HAND_OVER, np.where(approved, _PROCESSING, _PLACED))
        steps = np.arange(_MOVES - 1)
        made = steps[None, :] <= reached[:, None]
        move_at[canceled, :-1] = np.where(made, regular[canceled], NEVER)
        last_step = regular[canceled, reached]
        move_at[canceled, _END] = last_step + handling[canceled] // 2 + 3600
        move_status[canceled, _END] = CANCELED

        # Guard the clock against rounding: a move never comes before the previous one.
        made = move_at != NEVER
        move_at = np.where(made, np.maximum.accumulate(np.where(made, move_at, 0), axis=1), NEVER)

        review_at = np.maximum(batch.review_answered, placed[batch.review_order])
        return cls(move_at=move_at, move_status=move_status, review_at=review_at)

    def state_at(self, batch: OrderBatch, orders: np.ndarray, at: int) -> dict[str, np.ndarray]:
        """Status and timestamps of ``orders`` (positions) as they stand at ``at``.

        A timestamp shows once the move that records it is made, so the row changes
        only when the order moves.
        """
        move_at = self.move_at[orders]
        moved = move_at <= at
        latest = _MOVES - 1 - np.argmax(moved[:, ::-1], axis=1)
        shown = {
            name: np.where(moved[:, move] & (column >= 0), column, -1)
            for name, column, move in (
                ("approved", batch.approved[orders], _APPROVAL),
                ("carrier", batch.carrier[orders], _HAND_OVER),
                ("delivered", batch.delivered[orders], _END),
            )
        }
        return {"status": self.move_status[orders, latest], **shown}


def split_rows(batch: OrderBatch, ends: np.ndarray) -> list[Rows]:
    """The batch's rows for a full export as of ``ends[0]`` and a drop per later end.

    Drop ``k`` covers ``(ends[k - 1], ends[k]]``; ends are inclusive Unix seconds.
    """
    life = Lifecycle.of(batch)
    ends = np.asarray(ends, dtype=np.int64)
    windows = ends.shape[0]
    size = batch.size
    # Window of a moment: 0 for the full export, k for drop k, beyond: not yet.
    placed = np.searchsorted(ends, batch.purchase, side="left")
    moves = np.searchsorted(ends, life.move_at, side="left")
    rows, columns = np.nonzero((moves >= 1) & (moves < windows))
    changed = np.unique(moves[rows, columns] * size + rows)
    order_windows = _split_sorted(changed // size, windows)
    changed %= size

    items = _split(placed[batch.item_order], windows)
    payments = _split(placed[batch.pay_order], windows)
    reviews = _split(np.searchsorted(ends, life.review_at, side="left"), windows)
    customers = _split(placed[batch.customer_rows], windows)

    out = []
    for window in range(windows):
        if window == 0:
            picked = np.flatnonzero(placed == 0)
        else:
            low, high = order_windows[window]
            picked = changed[low:high]
        out.append(
            Rows(
                orders=picked,
                **life.state_at(batch, picked, int(ends[window])),
                items=items[window],
                payments=payments[window],
                reviews=reviews[window],
                customers=batch.customer_rows[customers[window]],
            )
        )
    return out


def _split(window: np.ndarray, windows: int) -> list[np.ndarray]:
    """Positions per window, ascending within each (the files keep the batch's order)."""
    order = np.argsort(window, kind="stable")
    bounds = _split_sorted(window[order], windows)
    return [order[low:high] for low, high in bounds]


def _split_sorted(window: np.ndarray, windows: int) -> list[tuple[int, int]]:
    edges = np.searchsorted(window, np.arange(windows + 1), side="left")
    return [(int(edges[k]), int(edges[k + 1])) for k in range(windows)]
