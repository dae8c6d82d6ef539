"""Synthetic Olist dataset: the nine Kaggle files, byte-for-byte in the real format.

``write_olist_dataset(out_dir, orders=3000, seed=42)`` writes files with the real
names, headers, quoting and traps (digit-first values quoted, zip prefixes with leading
zeros, multi-line review text, repeated review ids, the translation file's BOM/CRLF,
two untranslated categories), referentially consistent and shaped like the real data.
It streams in batches, so ``orders`` can run to millions.
"""

from extract.olist.generate.dataset import write_olist_dataset

__all__ = ["write_olist_dataset"]
