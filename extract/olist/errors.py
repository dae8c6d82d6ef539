"""Whole-file problems: the file is not the Kaggle format, so none of it is loaded.

A single bad value is not one of these: it becomes a row in ``load_rejects``.
"""

from __future__ import annotations


class OlistInputError(ValueError):
    """A file that cannot be loaded as it is; the message names the file and the spot."""

    def __init__(self, file_name: str, message: str) -> None:
        super().__init__(f"{file_name}: {message}")
        self.file_name = file_name


class MissingFileError(OlistInputError):
    """One of the nine files is not in the source directory."""


class HeaderMismatchError(OlistInputError):
    """The header row does not list the expected columns in the expected order."""


class MalformedCsvError(OlistInputError):
    """A record with the wrong number of fields, or a quote left open (a truncated file)."""


class EncodingError(OlistInputError):
    """Bytes that are not UTF-8 (the Kaggle files are UTF-8, the translation file with a
    BOM); the message names the encoding the file looks like."""


class EmptyFileError(OlistInputError):
    """A file with a header and no record, or no bytes at all: a snapshot never has an empty
    table, so this is a broken export unless ``--allow-empty`` says otherwise."""


class SpreadsheetDamageError(OlistInputError):
    """Values a spreadsheet rewrote on save: ``10/2/2017 10:56`` dates, zip prefixes without
    their leading zero. Every row would be affected, so the file is refused, not rejected
    row by row."""
