"""Parsers for saved pages: search results, job details, Greenhouse JSON, block pages.

Every parser takes the page text and ``where`` (a file path or URL used in error
messages) and either returns records or raises :class:`PageBlocked` /
:class:`UnparseablePage`; none of them returns an empty result for a page it did not
understand.
"""

from extract.postings.parse.errors import PageBlocked, PageError, UnparseablePage

__all__ = ["PageBlocked", "PageError", "UnparseablePage"]
