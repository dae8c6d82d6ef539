"""The two ways a fetched page can fail to give postings."""

from __future__ import annotations


class PageError(Exception):
    """A page that yields no postings, with where it came from."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


class PageBlocked(PageError):
    """The site answered with a block, challenge or captcha page instead of content."""

    def __init__(self, where: str, kind: str, evidence: str) -> None:
        super().__init__(where, f"the site blocked us ({kind}: {evidence})")
        self.kind = kind
        self.evidence = evidence


class UnparseablePage(PageError):
    """A page whose structure matches none of the known layouts."""

    def __init__(self, where: str, expected: str, found: str) -> None:
        super().__init__(where, f"cannot parse page: expected {expected}; found {found}")
        self.expected = expected
        self.found = found
