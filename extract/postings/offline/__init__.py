"""A local job board for offline runs and tests.

It serves Indeed's 2024 page structure (search pages with the embedded job-cards JSON
and the card DOM, ``start=`` pagination, detail pages with ``#jobDescriptionText`` and
JSON-LD), Greenhouse's ``boards-api/v1/boards/{board}/jobs`` JSON and Lever's
``/v0/postings/{site}?mode=json`` JSON, populated with postings generated
deterministically from a seed, plus block and captcha pages on demand for fault tests.
"""

from extract.postings.offline.server import FixtureBoard, ServedRequest

__all__ = ["FixtureBoard", "ServedRequest"]
