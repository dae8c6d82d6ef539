"""Bad files from the data-safety issue, each on a real damaged copy of the Kaggle heads.

Each probe loads the good files first, damages one, loads again and checks: a clear error
naming the file and the line (or a counted reject naming the line), the damaged table still
holding the previous good load, every other table replaced, and the report saying so.
"""

from __future__ import annotations

import codecs
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from extract.olist.load import LoadOptions, load_olist
from extract.olist.report import OlistLoadReport
from extract.olist.tables import OLIST_TABLES
from tests.conftest import Workspace
from tests.faults.conftest import RAW, Query, duck_query_for, pg_query_for
from tests.olist.conftest import KAGGLE_HEAD, data_records
from warehouse.core.settings import Target

ORDERS = "olist_orders_dataset.csv"
CUSTOMERS = "olist_customers_dataset.csv"
REVIEWS = "olist_order_reviews_dataset.csv"
SELLERS = "olist_sellers_dataset.csv"
PAYMENTS = "olist_order_payments_dataset.csv"
TRANSLATION = "product_category_name_translation.csv"
TABLE_OF = {t.file_name: t.table_name for t in OLIST_TABLES}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    target = tmp_path / "olist_files"
    shutil.copytree(KAGGLE_HEAD, target)
    return target


@pytest.fixture
def duck(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Query:
    for key in ("WAREHOUSE_DUCKDB_PATH", "WAREHOUSE_DLT_DIR"):
        monkeypatch.setenv(key, workspace.env()[key])
    return duck_query_for(workspace)


def stamps(query: Query) -> dict[str, dt.datetime]:
    return {
        t.table_name: query(f"select max(_loaded_at) from {RAW}.{t.table_name}")[0][0]
        for t in OLIST_TABLES
    }


def counts(query: Query) -> dict[str, int]:
    return {
        t.table_name: query(f"select count(*) from {RAW}.{t.table_name}")[0][0]
        for t in OLIST_TABLES
    }


def refused_and_kept(
    query: Query, files: Path, file_name: str, damage: Callable[[bytes], bytes], **options
) -> tuple[OlistLoadReport, str]:
    """Load good, damage ``file_name``, load again: its table keeps the good load."""
    good = load_olist(str(files), Target.duckdb)
    assert good.ok, good.format()
    before = counts(query)
    path = files / file_name
    path.write_bytes(damage(path.read_bytes()))

    bad = load_olist(str(files), Target.duckdb, options=LoadOptions(**options))

    assert not bad.ok
    [failure] = bad.failures
    assert failure.table.file_name == file_name
    assert failure.error.startswith(str(path)) or failure.error.startswith(file_name)
    table = TABLE_OF[file_name]
    after = stamps(query)
    assert after[table] == good.loaded_at, "the refused file's table must keep its last load"
    assert all(stamp == bad.loaded_at for name, stamp in after.items() if name != table)
    assert counts(query) == before
    assert "FAILED (table left as it was)" in bad.format()
    return bad, failure.error


def test_a_header_only_file_is_refused_unless_allow_empty(duck: Query, files: Path) -> None:
    header_only: Callable[[bytes], bytes] = lambda data: data.split(b"\n")[0] + b"\n"  # noqa: E731
    _, error = refused_and_kept(duck, files, PAYMENTS, header_only)
    assert "line 1: a header and no record" in error and "--allow-empty" in error

    allowed = load_olist(str(files), Target.duckdb, options=LoadOptions(allow_empty=True))
    assert allowed.ok, allowed.format()
    assert counts(duck)["order_payments"] == 0


def test_an_empty_file_is_refused_unless_allow_empty(duck: Query, files: Path) -> None:
    _, error = refused_and_kept(duck, files, SELLERS, lambda data: b"")
    assert "the file is empty (0 bytes)" in error

    allowed = load_olist(str(files), Target.duckdb, options=LoadOptions(allow_empty=True))
    assert allowed.ok, allowed.format()
    assert counts(duck)["sellers"] == 0


def test_a_file_cut_inside_its_last_text_field_is_refused(duck: Query, files: Path) -> None:
    # customers ends "...,sao jose,SC\n": cut to "...,sao jose,S" the record still has five
    # fields, and would load the state "S".
    last_line = len((files / CUSTOMERS).read_bytes().rstrip(b"\n").split(b"\n"))
    _, error = refused_and_kept(duck, files, CUSTOMERS, lambda data: data.rstrip(b"\n")[:-1])
    assert f"line {last_line}: the file ends inside this record" in error


def test_the_translation_file_keeps_loading_without_a_final_newline(duck: Query) -> None:
    assert not (KAGGLE_HEAD / TRANSLATION).read_bytes().endswith(b"\n")
    assert (KAGGLE_HEAD / TRANSLATION).read_bytes().startswith(codecs.BOM_UTF8)
    report = load_olist(str(KAGGLE_HEAD), Target.duckdb)
    assert report.ok, report.format()
    assert counts(duck)["product_category_name_translation"] == len(
        data_records(KAGGLE_HEAD / TRANSLATION)
    )


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"), ("utf-32", "UTF-32 LE")],
)
def test_a_utf16_or_utf32_file_is_refused_naming_the_encoding(
    duck: Query, files: Path, encoding: str, named: str
) -> None:
    def recode(data: bytes) -> bytes:
        encoded = data.decode("utf-8").encode(encoding)
        return codecs.BOM_UTF16_BE + encoded if encoding == "utf-16-be" else encoded

    _, error = refused_and_kept(duck, files, REVIEWS, recode)
    assert f"line 1: the file is encoded as {named} (byte order mark" in error
    assert "expected UTF-8" in error


def test_a_utf16_file_without_a_byte_order_mark_is_refused(duck: Query, files: Path) -> None:
    _, error = refused_and_kept(
        duck, files, REVIEWS, lambda data: data.decode("utf-8").encode("utf-16-le")
    )
    assert "UTF-16 or UTF-32 (zero bytes between letters)" in error


def test_a_latin1_file_is_refused_naming_the_detected_encoding(duck: Query, files: Path) -> None:
    _, error = refused_and_kept(
        duck, files, REVIEWS, lambda data: data.decode("utf-8").encode("latin-1")
    )
    assert "is not valid UTF-8; the file looks encoded as" in error
    assert "an unknown encoding" not in error


def test_a_duplicated_order_id_is_a_reject_naming_both_lines(duck: Query, files: Path) -> None:
    orders = files / ORDERS
    lines = orders.read_bytes().split(b"\n")
    lines.insert(5, lines[2])  # line 3's record again, as line 6
    orders.write_bytes(b"\n".join(lines))

    report = load_olist(str(files), Target.duckdb)

    assert report.ok, report.format()
    result = next(r for r in report.tables if r.table.file_name == ORDERS)
    read = len(data_records(orders))
    assert (result.counts.rows_read, result.loaded, result.counts.rows_rejected) == (
        read,
        read - 1,
        1,
    )
    [(line, reason)] = duck(f"select line_number, reason from {RAW}.load_rejects")
    assert line == 6 and "duplicate natural key (order_id=" in reason and "line 3" in reason
    assert duck(f"select count(*) - count(distinct order_id) from {RAW}.orders") == [(0,)]


def test_a_duplicated_composite_key_is_a_reject(duck: Query, files: Path) -> None:
    items = files / "olist_order_items_dataset.csv"
    data = items.read_bytes()
    first = data.split(b"\n")[1]
    items.write_bytes(data + first.replace(b",58.90,", b",1.00,") + b"\n")

    report = load_olist(str(files), Target.duckdb)

    assert report.ok, report.format()
    [(reason,)] = duck(f"select reason from {RAW}.load_rejects")
    assert "order_item_id=1" in reason and "line 2 has it first" in reason


def nul_in_a_city(data: bytes) -> bytes:
    assert data.count(b",franca,SP") == 1
    return data.replace(b",franca,SP", b",fra\x00nca,SP")


def test_a_nul_byte_is_a_reject_on_duckdb(duck: Query, files: Path) -> None:
    path = files / CUSTOMERS
    path.write_bytes(nul_in_a_city(path.read_bytes()))

    report = load_olist(str(files), Target.duckdb)

    assert report.ok, report.format()
    [(line, reason, raw)] = duck(f"select line_number, reason, raw_record from {RAW}.load_rejects")
    assert line == 2 and "customer_city" in reason and "NUL" in reason
    assert "fra\\x00nca" in raw


@pytest.mark.postgres
def test_a_nul_byte_costs_one_row_on_postgres_and_the_report_tells_the_truth(
    pg_workspace: Workspace, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in pg_workspace.extra_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("WAREHOUSE_DLT_DIR", pg_workspace.env()["WAREHOUSE_DLT_DIR"])
    query = pg_query_for(pg_workspace)
    good = load_olist(str(files), Target.postgres)
    assert good.ok
    for name in (CUSTOMERS, "olist_products_dataset.csv", SELLERS):
        path = files / name
        data = path.read_bytes()
        cut = data.index(b"\n", data.index(b"\n") + 1) - 3  # inside the first record
        path.write_bytes(data[:cut] + b"\x00" + data[cut:])

    report = load_olist(str(files), Target.postgres)

    assert report.ok, report.format()
    assert set(stamps(query).values()) == {report.loaded_at}  # all nine replaced
    rejects = query(f"select file_name, line_number from {RAW}.load_rejects order by 1")
    assert rejects == [
        (CUSTOMERS, 2),
        ("olist_products_dataset.csv", 2),
        (SELLERS, 2),
    ]
    for result in report.tables:
        assert result.balanced, result.table.table_name
