"""Lever job sites through their public postings API, as a dlt resource.

``GET {api}/v0/postings/{company}?mode=json`` returns every published posting of a
company's site in one JSON array (fields: see :mod:`extract.postings.parse.lever`).
Each response is stored untouched in the landing zone, then mapped to the same raw
posting contract as the scraped boards and Greenhouse. No browser is needed.
"""

from __future__ import annotations

from extract.postings.board_api import BoardApi
from extract.postings.parse.lever import rows_from_lever

LIVE_API = "https://api.lever.co/"  # EU sites: https://api.eu.lever.co/
SOURCE = "lever"


class LeverError(RuntimeError):
    pass


API = BoardApi(
    kind="lever",
    board_label="Lever site",
    path="v0/postings/{board}",
    params={"mode": "json"},
    expected="a JSON array of postings (is the site name right?)",
    rows=rows_from_lever,
    error=LeverError,
)
