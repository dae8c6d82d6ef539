"""Counter-based randomness: values that are a pure function of (seed, kind, index).

A person who buys again, or a product bought in any chunk, must look the same every
time without the generator remembering it; SplitMix64 over a counter gives that with
no state, vectorised. Everything else uses numpy's seeded generators.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

MASK64 = (1 << 64) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


class Kind(IntEnum):
    """One independent stream per kind of value."""

    ORDER_ID = 1
    CUSTOMER_ID = 2
    PERSON_ID = 3
    REVIEW_ID = 4
    PRODUCT_ID = 5
    SELLER_ID = 6
    PERSON_HOME = 7
    EXTRA_REVIEW_ID = 8


def splitmix64(values: np.ndarray) -> np.ndarray:
    z = values.astype(np.uint64) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


def _stream_base(seed: int, kind: int, lane: int) -> np.uint64:
    start = np.array([(seed & MASK64) ^ (kind << 56) ^ (lane << 48)], dtype=np.uint64)
    return splitmix64(splitmix64(start))[0]


def hashed(seed: int, kind: Kind, index: np.ndarray, lane: int = 0) -> np.ndarray:
    """64 random bits per index, the same for the same (seed, kind, index, lane)."""
    return splitmix64(index.astype(np.uint64) * _GOLDEN + _stream_base(seed, kind, lane))


def uniform(seed: int, kind: Kind, index: np.ndarray, lane: int = 0) -> np.ndarray:
    """A float in [0, 1) per index, the same for the same (seed, kind, index, lane)."""
    return (hashed(seed, kind, index, lane) >> np.uint64(11)).astype(np.float64) * 2.0**-53


def id_bytes(seed: int, kind: Kind, index: np.ndarray) -> np.ndarray:
    """16 random bytes per index, shape (n, 16): the raw value of a 32-hex id."""
    high = hashed(seed, kind, index, lane=1).astype(">u8")
    low = hashed(seed, kind, index, lane=2).astype(">u8")
    return np.concatenate(
        [high.view(np.uint8).reshape(-1, 8), low.view(np.uint8).reshape(-1, 8)], axis=1
    )
