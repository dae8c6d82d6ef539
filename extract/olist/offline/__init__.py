"""Synthetic Olist dataset: the nine Kaggle files, byte-for-byte in the real format.

``write_olist_dataset(out_dir, orders=3000, seed=42)`` writes files with the real
names, headers, quoting and traps (digit-first values quoted, zip prefixes with leading
zeros, multi-line review text, repeated review ids, the translation file's BOM/CRLF,
two untranslated categories), referentially consistent and shaped like the real data.
It streams in batches, so ``orders`` can run to millions.

``write_olist_dataset(..., as_of=day)`` writes the shop as it stood at the end of a day;
``write_olist_drops(out_dir, ..., drops=30)`` a full export and one drop per day after
it (see ``drops``).
"""

from extract.olist.offline.dataset import write_olist_dataset
from extract.olist.offline.drops import CUT_OFF, DropsWritten, write_olist_drops

__all__ = ["CUT_OFF", "DropsWritten", "write_olist_dataset", "write_olist_drops"]
