"""Greenhouse job boards through their public JSON API, as a dlt resource.

``GET {api}/boards/{board_token}/jobs?content=true`` returns every open job of a board
in one response (``jobs[]`` with ``id``, ``title``, ``updated_at``, ``location.name``,
``absolute_url``, HTML-escaped ``content``, ``departments``, ``offices``, ``metadata``;
``meta.total``). Each response is stored untouched in the landing zone, then mapped to
the same raw posting contract as the scraped boards. No browser is needed.
"""

from __future__ import annotations

from extract.postings.board_api import BoardApi
from extract.postings.parse.greenhouse import rows_from_greenhouse

LIVE_API = "https://boards-api.greenhouse.io/v1/"
SOURCE = "greenhouse"


class GreenhouseError(RuntimeError):
    pass


API = BoardApi(
    kind="greenhouse",
    board_label="Greenhouse board",
    path="boards/{board}/jobs",
    params={"content": "true"},
    expected="a jobs list (is the board token right?)",
    rows=rows_from_greenhouse,
    error=GreenhouseError,
)
