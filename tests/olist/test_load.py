"""``load_olist`` on the real Kaggle file heads, on damaged copies of them, into DuckDB and
Postgres. Expected values come from the files themselves (Python's csv module), never from
the loader."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import fsspec
import psycopg2
import pytest

from extract.olist.load import load_olist
from extract.olist.report import OlistLoadReport
from extract.olist.tables import OLIST_TABLES
from tests.conftest import Workspace
from tests.olist.conftest import (
    KAGGLE_HEAD,
    data_records,
    edit_bytes,
    expected_rows,
    record_start_line,
    replace_once,
)
from warehouse.core.settings import PostgresSettings, Target

MULTILINE_REVIEW = "fe3db7c069d694bab50cc43463f91608"
REVIEWS = "olist_order_reviews_dataset.csv"
ORDERS = "olist_orders_dataset.csv"
ITEMS = "olist_order_items_dataset.csv"
CUSTOMERS = "olist_customers_dataset.csv"
PRODUCTS = "olist_products_dataset.csv"
TRANSLATION = "product_category_name_translation.csv"


@pytest.fixture
def duck_ws(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The workspace's DuckDB file and dlt dir, for loads run in this process."""
    for key in ("WAREHOUSE_DUCKDB_PATH", "WAREHOUSE_DLT_DIR"):
        monkeypatch.setenv(key, workspace.env()[key])
    return workspace


@pytest.fixture
def pg_ws(pg_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    for key, value in pg_workspace.extra_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("WAREHOUSE_DLT_DIR", pg_workspace.env()["WAREHOUSE_DLT_DIR"])
    return pg_workspace


def duck_query(ws: Workspace, sql: str, *params: object) -> list[tuple]:
    con = duckdb.connect(str(ws.duckdb_path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def pg_query(sql: str, *params: object) -> list[tuple]:
    con = psycopg2.connect(PostgresSettings.from_env().dsn())
    try:
        with con.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        con.close()


def raw_tables(query, ws: Workspace | None = None) -> set[str]:
    sql = "select table_name from information_schema.tables where table_schema = 'raw_olist'"
    rows = query(ws, sql) if ws is not None else query(sql)
    return {row[0] for row in rows}


def counts_in(ws: Workspace) -> dict[str, int]:
    return {
        t.table_name: duck_query(ws, f"select count(*) from raw_olist.{t.table_name}")[0][0]
        for t in OLIST_TABLES
    }


def assert_balanced(report: OlistLoadReport) -> None:
    for result in report.tables:
        counts = result.counts
        assert counts.rows_read == result.loaded + counts.rows_rejected, result.table.table_name


# --- the real file heads -------------------------------------------------------------------


def test_real_file_heads_load_into_duckdb_typed_and_complete(duck_ws: Workspace) -> None:
    report = load_olist(str(KAGGLE_HEAD), Target.duckdb)

    assert report.ok, report.format()
    assert counts_in(duck_ws) == expected_rows()
    assert_balanced(report)
    assert report.rejects_loaded == 0
    columns = {
        (table, column): kind
        for table, column, kind in duck_query(
            duck_ws,
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'raw_olist'",
        )
    }
    assert columns["customers", "customer_zip_code_prefix"] == "VARCHAR"
    assert columns["orders", "order_purchase_timestamp"] == "TIMESTAMP"
    assert columns["order_items", "price"] == "DECIMAL(12,2)"
    assert columns["order_items", "order_item_id"] == "BIGINT"
    assert columns["geolocation", "geolocation_lat"] == "DOUBLE"
    assert columns["orders", "_loaded_at"] == "TIMESTAMP WITH TIME ZONE"
    # The header typos are the raw contract; staging renames them.
    assert ("products", "product_name_lenght") in columns
    assert ("products", "product_description_lenght") in columns
    # The BOM is not part of the first column name, nor of the first value.
    assert ("product_category_name_translation", "product_category_name") in columns
    first = data_records(KAGGLE_HEAD / TRANSLATION)[0][0]
    assert duck_query(
        duck_ws,
        "select count(*) from raw_olist.product_category_name_translation "
        "where product_category_name = ?",
        first,
    ) == [(1,)]
    # Leading zeros survive: the file's quoted "09790" is the text 09790.
    zips = {r[2] for r in data_records(KAGGLE_HEAD / CUSTOMERS)}
    assert "09790" in zips
    loaded_zips = duck_query(duck_ws, "select customer_zip_code_prefix from raw_olist.customers")
    assert {z for (z,) in loaded_zips} == zips
    # Money is exact.
    prices = {r[0]: r[5] for r in data_records(KAGGLE_HEAD / ITEMS) if r[1] == "1"}
    loaded = dict(
        duck_query(
            duck_ws,
            "select order_id, cast(price as varchar) from raw_olist.order_items "
            "where order_item_id = 1",
        )
    )
    assert loaded == prices
    # One _loaded_at per run, in UTC, now.
    stamps = duck_query(duck_ws, "select distinct _loaded_at from raw_olist.order_reviews")
    assert len(stamps) == 1
    assert abs(stamps[0][0] - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)


def test_review_text_survives_byte_exact_and_empty_fields_are_null(duck_ws: Workspace) -> None:
    load_olist(str(KAGGLE_HEAD), Target.duckdb)

    records = {r[0]: r for r in data_records(KAGGLE_HEAD / REVIEWS)}
    message = records[MULTILINE_REVIEW][4]
    assert message.count("\n") == 3
    loaded = duck_query(
        duck_ws,
        "select review_comment_message from raw_olist.order_reviews where review_id = ?",
        MULTILINE_REVIEW,
    )
    assert loaded == [(message,)]
    texts = {
        review_id: (title, text)
        for review_id, title, text in duck_query(
            duck_ws,
            "select review_id, review_comment_title, review_comment_message "
            "from raw_olist.order_reviews",
        )
    }
    for review_id, record in records.items():
        # Empty field = NULL, for text too; everything else verbatim (trailing spaces kept).
        assert texts[review_id] == (record[3] or None, record[4] or None)


def test_running_twice_replaces_rather_than_duplicates(duck_ws: Workspace) -> None:
    first = load_olist(str(KAGGLE_HEAD), Target.duckdb)
    second = load_olist(str(KAGGLE_HEAD), Target.duckdb)

    assert first.ok and second.ok, second.format()
    assert counts_in(duck_ws) == expected_rows()
    stamps = duck_query(duck_ws, "select distinct _loaded_at from raw_olist.orders")
    assert [s for (s,) in stamps] == [second.loaded_at]


def test_file_url_is_read_through_fsspec(duck_ws: Workspace) -> None:
    report = load_olist(KAGGLE_HEAD.as_uri(), Target.duckdb)

    assert KAGGLE_HEAD.as_uri().startswith("file://")
    assert report.ok, report.format()
    assert counts_in(duck_ws) == expected_rows()


def test_any_fsspec_filesystem_works_and_errors_name_the_url(duck_ws: Workspace) -> None:
    memory = fsspec.filesystem("memory")
    for table in OLIST_TABLES:
        if table.file_name != ORDERS:
            data = (KAGGLE_HEAD / table.file_name).read_bytes()
            memory.pipe(f"/olist-test/{table.file_name}", data)
    try:
        report = load_olist("memory://olist-test", Target.duckdb)
    finally:
        memory.rm("/olist-test", recursive=True)

    assert not report.ok
    [failure] = report.failures
    assert failure.table.file_name == ORDERS
    assert "not found in memory:///olist-test" in failure.error
    expected = expected_rows()
    loaded = counts_in_existing(duck_ws)
    assert "orders" not in loaded
    assert loaded == {name: n for name, n in expected.items() if name != "orders"}


def counts_in_existing(ws: Workspace) -> dict[str, int]:
    present = raw_tables(duck_query, ws)
    return {
        t.table_name: duck_query(ws, f"select count(*) from raw_olist.{t.table_name}")[0][0]
        for t in OLIST_TABLES
        if t.table_name in present
    }


@pytest.mark.postgres
def test_real_file_heads_load_into_postgres_typed_idempotent(pg_ws: Workspace) -> None:
    first = load_olist(str(KAGGLE_HEAD), Target.postgres)
    second = load_olist(str(KAGGLE_HEAD), Target.postgres)

    assert first.ok and second.ok, second.format()
    counts = {
        t.table_name: pg_query(f"select count(*) from raw_olist.{t.table_name}")[0][0]
        for t in OLIST_TABLES
    }
    assert counts == expected_rows()
    assert_balanced(second)
    kinds = dict(
        ((table, column), (kind, precision, scale))
        for table, column, kind, precision, scale in pg_query(
            "select table_name, column_name, data_type, numeric_precision, numeric_scale "
            "from information_schema.columns where table_schema = 'raw_olist'"
        )
    )
    assert kinds["customers", "customer_zip_code_prefix"][0] == "character varying"
    assert kinds["orders", "order_purchase_timestamp"][0] == "timestamp without time zone"
    assert kinds["order_items", "price"] == ("numeric", 12, 2)
    assert kinds["orders", "_loaded_at"][0] == "timestamp with time zone"
    assert ("products", "product_name_lenght") in kinds
    assert ("product_category_name_translation", "product_category_name") in kinds
    assert pg_query(
        "select count(*) from raw_olist.customers where customer_zip_code_prefix = '09790'"
    ) == [(1,)]
    message = {r[0]: r[4] for r in data_records(KAGGLE_HEAD / REVIEWS)}[MULTILINE_REVIEW]
    assert pg_query(
        "select review_comment_message from raw_olist.order_reviews where review_id = %s",
        MULTILINE_REVIEW,
    ) == [(message,)]
    assert pg_query("select count(*) from raw_olist.load_rejects") == [(0,)]


@pytest.mark.postgres
def test_postgres_gets_rejects_empty_files_and_keeps_a_broken_files_table(
    pg_ws: Workspace, olist_copy: Path
) -> None:
    good = load_olist(str(olist_copy), Target.postgres)
    edit_bytes(olist_copy / ORDERS, truncated_mid_record)
    edit_bytes(olist_copy / ITEMS, lambda d: d.replace(b",58.90,", b",oops,", 1))
    sellers = olist_copy / "olist_sellers_dataset.csv"
    sellers.write_bytes(sellers.read_bytes().split(b"\n")[0] + b"\n")  # header only

    bad = load_olist(str(olist_copy), Target.postgres)

    assert good.ok and not bad.ok
    # A header-only file is refused like a broken one (--allow-empty would load it empty).
    assert [f.table.file_name for f in bad.failures] == [ORDERS, sellers.name]
    assert "a header and no record" in bad.failures[1].error
    expected = expected_rows()
    counts = {
        t.table_name: pg_query(f"select count(*) from raw_olist.{t.table_name}")[0][0]
        for t in OLIST_TABLES
    }
    assert counts == expected | {"order_items": expected["order_items"] - 1}
    assert pg_query("select max(_loaded_at) from raw_olist.orders") == [(good.loaded_at,)]
    rejects = pg_query("select file_name, line_number, reason from raw_olist.load_rejects")
    assert [(f, n) for f, n, _ in rejects] == [(ITEMS, 2)]
    assert "'oops'" in rejects[0][2]


# --- bad rows: rejected, counted, loaded to load_rejects -----------------------------------


def test_a_bad_price_is_one_reject_with_file_line_and_reason(
    duck_ws: Workspace, olist_copy: Path
) -> None:
    items = olist_copy / ITEMS
    bad = data_records(items)[2]  # the third data record: line 4
    line = ",".join(items.read_text().split("\n")[3].split(",")[:5])
    replace_once(items, f"{line},{bad[5]},", f"{line},abc,")

    report = load_olist(str(olist_copy), Target.duckdb)

    assert report.ok, report.format()
    result = next(r for r in report.tables if r.table.file_name == ITEMS)
    rows = len(data_records(items))
    assert (result.counts.rows_read, result.loaded, result.counts.rows_rejected) == (
        rows,
        rows - 1,
        1,
    )
    rejects = duck_query(
        duck_ws, "select file_name, line_number, reason, raw_record from raw_olist.load_rejects"
    )
    assert len(rejects) == 1
    file_name, line_number, reason, raw_record = rejects[0]
    assert (file_name, line_number) == (ITEMS, 4)
    assert "price" in reason and "'abc'" in reason
    assert raw_record.split(",")[0] == bad[0] and ",abc," in raw_record
    assert duck_query(
        duck_ws, "select count(*) from raw_olist.order_items where order_id = ?", bad[0]
    ) == [(sum(1 for r in data_records(items) if r[0] == bad[0]) - 1,)]
    assert "rejected" in report.format() and "load_rejects: 1" in report.format()


def test_rejects_have_physical_line_numbers_past_multiline_records(
    duck_ws: Workspace, olist_copy: Path
) -> None:
    reviews = olist_copy / REVIEWS
    # Records after the two multi-line reviews: their lines count the newlines in quotes.
    after_one = "9a0abbb668bafb95a6d2b05db43284c4"
    after_both = "e07eee7ad7666276bd8b27fbd83fd1ff"
    replace_once(reviews, '4e3e75c3",3,', '4e3e75c3",three,')
    replace_once(reviews, "e barato.,2018-03-29", "e barato.,2018-02-30")
    customers = olist_copy / CUSTOMERS
    replace_once(customers, '"14409"', '"1440X"')
    orders = olist_copy / ORDERS
    replace_once(orders, 'e481f51cbdc54678b7cc49136f2d6af7,"9ef432eb', ',"9ef432eb')
    edit_bytes(orders, lambda data: data + b"\n")  # a blank last line is a record too

    report = load_olist(str(olist_copy), Target.duckdb)

    assert report.ok, report.format()
    assert_balanced(report)
    rejects = {
        (file_name, line): reason
        for file_name, line, reason in duck_query(
            duck_ws, "select file_name, line_number, reason from raw_olist.load_rejects"
        )
    }
    n_orders = len(orders.read_bytes().split(b"\n"))
    expected = {
        (REVIEWS, record_start_line(reviews, f'"{after_one}"')): "review_score",
        (REVIEWS, record_start_line(reviews, f'"{after_both}"')): "review_creation_date",
        (CUSTOMERS, 2): "customer_zip_code_prefix",
        (ORDERS, 2): "order_id: missing",
        (ORDERS, n_orders - 1): "empty record",
    }
    assert set(rejects) == set(expected)
    for key, fragment in expected.items():
        assert fragment in rejects[key]
    assert record_start_line(reviews, f'"{after_both}"') > len(data_records(reviews)) + 1
    assert report.rejects_loaded == 5
    by_table = {r.table.file_name: r.counts.rows_rejected for r in report.tables}
    assert by_table[REVIEWS] == 2 and by_table[ORDERS] == 2 and by_table[CUSTOMERS] == 1


# --- bad files: a clear error, and nothing of that table loaded -----------------------------


def spreadsheet_dates(data: bytes) -> bytes:
    def us_date(match: re.Match[bytes]) -> bytes:
        year, month, day, hour, minute = (int(g) for g in match.groups())
        return f"{month}/{day}/{year} {hour}:{minute:02d}".encode()

    return re.sub(rb"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):\d\d", us_date, data)


def zeros_lost(data: bytes) -> bytes:
    return re.sub(rb'"0(\d{4})"', rb"\1", data)


def truncated_mid_record(data: bytes) -> bytes:
    body = data.rstrip(b"\n")
    last = body.rindex(b"\n") + 1
    return body[: last + body[last:].index(b",", 40)]


def unterminated_quote(data: bytes) -> bytes:
    # Real truncation inside a quoted last field: pyarrow alone would accept it silently.
    body = data.rstrip(b"\n")
    assert body.endswith(b",2017-12-16 07:14:07")
    return body[: -len(b"2017-12-16 07:14:07")] + b'"2017-12-16 07:1'


def last_line(name: str) -> int:
    return len((KAGGLE_HEAD / name).read_bytes().rstrip(b"\n").split(b"\n"))


def latin1(data: bytes) -> bytes:
    return data.decode("utf-8").encode("latin-1")


def first_non_ascii(name: str) -> tuple[int, int]:
    data = latin1((KAGGLE_HEAD / name).read_bytes())
    offset = next(i for i, byte in enumerate(data) if byte > 127)
    return offset, data[:offset].count(b"\n") + 1


BAD_FILES = {
    "missing file": (ORDERS, None, ["not found in", "olist_files"]),
    "header reordered": (
        CUSTOMERS,
        lambda d: d.replace(
            b'"customer_city","customer_state"', b'"customer_state","customer_city"'
        ),
        ["line 1", "expected [", "found [", "another order"],
    ),
    "header renamed": (
        PRODUCTS,
        lambda d: d.replace(b'"product_name_lenght"', b'"product_name_length"', 1),
        ["missing ['product_name_lenght']", "unexpected ['product_name_length']"],
    ),
    "spreadsheet dates": (
        ORDERS,
        spreadsheet_dates,
        ["line 2", "order_purchase_timestamp", "'10/2/2017 10:56'", "YYYY-MM-DD HH:MM:SS"],
    ),
    "dates lost their seconds": (
        ORDERS,
        lambda d: re.sub(rb"(\d{4}-\d\d-\d\d \d\d:\d\d):\d\d", rb"\1", d),
        ["line 2", "order_purchase_timestamp", "'2017-10-02 10:56'", "another layout"],
    ),
    "zip zeros lost": (
        CUSTOMERS,
        zeros_lost,
        ["line 3", "customer_zip_code_prefix", "'9790'", "leading zeros"],
    ),
    "latin-1 bytes": (
        REVIEWS,
        latin1,
        [
            f"byte offset {first_non_ascii(REVIEWS)[0]}",
            f"line {first_non_ascii(REVIEWS)[1]}",
            "UTF-8",
        ],
    ),
    "truncated last line": (
        ORDERS,
        truncated_mid_record,
        [f"line {last_line(ORDERS)}", "fields, expected 8"],
    ),
    "unterminated quote": (
        REVIEWS,
        unterminated_quote,
        [f"line {last_line(REVIEWS)}", "never closed"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_fails_clearly_and_loads_nothing_of_its_table(
    case: str, duck_ws: Workspace, olist_copy: Path
) -> None:
    file_name, damage, fragments = BAD_FILES[case]
    path = olist_copy / file_name
    if damage is None:
        path.unlink()
    else:
        edit_bytes(path, damage)

    report = load_olist(str(olist_copy), Target.duckdb)

    assert not report.ok
    [failure] = report.failures
    assert failure.table.file_name == file_name
    assert failure.error.startswith(file_name) or failure.error.startswith(str(path))
    for fragment in fragments:
        assert fragment in failure.error, failure.error
    assert f"ERROR {failure.error}" in report.format()
    # Nothing of the broken table; every other table complete.
    expected = expected_rows()
    loaded = counts_in_existing(duck_ws)
    assert failure.table.table_name not in loaded
    assert loaded == {n: c for n, c in expected.items() if n != failure.table.table_name}


def test_a_bad_file_leaves_the_previous_load_of_its_table_untouched(
    duck_ws: Workspace, olist_copy: Path
) -> None:
    good = load_olist(str(olist_copy), Target.duckdb)
    edit_bytes(olist_copy / ORDERS, truncated_mid_record)
    edit_bytes(olist_copy / ITEMS, lambda d: d.replace(b",58.90,", b",oops,", 1))

    bad = load_olist(str(olist_copy), Target.duckdb)

    assert good.ok and not bad.ok
    expected = expected_rows()
    assert counts_in(duck_ws) == expected | {"order_items": expected["order_items"] - 1}
    stamps = dict(
        duck_query(
            duck_ws,
            "select 'orders', max(_loaded_at) from raw_olist.orders union all "
            "select 'order_items', max(_loaded_at) from raw_olist.order_items",
        )
    )
    assert stamps == {"orders": good.loaded_at, "order_items": bad.loaded_at}
    # load_rejects describes the latest load only.
    assert duck_query(duck_ws, "select file_name, line_number from raw_olist.load_rejects") == [
        (ITEMS, 2)
    ]


# --- the command ------------------------------------------------------------------------------


def test_command_prints_counts_and_exits_non_zero_on_a_bad_file(
    workspace: Workspace, olist_copy: Path
) -> None:
    ok = workspace.warehouse("extract", "olist", "--from", str(olist_copy), "--target", "duckdb")
    assert re.search(r"^orders\s+46\s+46\s+0\s+ok$", ok.stdout, re.MULTILINE), ok.stdout
    (olist_copy / PRODUCTS).unlink()

    failed = workspace.warehouse(
        "extract", "olist", "--from", str(olist_copy), "--target", "duckdb", check=False
    )

    assert failed.returncode == 1
    assert f"ERROR {PRODUCTS}: not found in {olist_copy}" in failed.stdout


def test_generated_files_load_without_rejects(duck_ws: Workspace, tmp_path: Path) -> None:
    from extract.olist.offline import write_olist_dataset

    written = write_olist_dataset(tmp_path / "generated", orders=300, seed=7)

    report = load_olist(str(tmp_path / "generated"), Target.duckdb)

    assert report.ok, report.format()
    assert {r.table.file_name: r.loaded for r in report.tables} == written
    assert report.rejects_loaded == 0
