"""The synthetic Olist generator against the real files' format and published shape.

Format is checked against the real files' first rows in tests/fixtures/olist (the
quoting rule is verified on those heads first, then on every generated line); the
shape against the real dataset's published figures, on the default-sized sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from extract.olist.offline import dataset, write_olist_dataset
from extract.olist.offline.geography import CEP_RANGES, CITIES
from extract.olist.tables import (
    CATEGORY_TRANSLATION,
    CUSTOMERS,
    GEOLOCATION,
    OLIST_TABLES,
    ORDERS,
    OlistTable,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = REPO_ROOT / "tests" / "fixtures" / "olist" / "kaggle_head"
ORDERS_IN_SAMPLE = 3000
SEED = 42
UNTRANSLATED = {"pc_gamer", "portateis_cozinha_e_preparadores_de_alimentos"}
# The real reviews file quotes its ids whatever their first character.
ALWAYS_QUOTED = {("olist_order_reviews_dataset.csv", "review_id"),
                 ("olist_order_reviews_dataset.csv", "order_id")}  # fmt: skip

_FIELD = re.compile(r'("(?:[^"]|"")*"|[^,"\r\n]*)(,|\r?\n|$)')
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
_MONEY = re.compile(r"\d+\.\d\d")


def raw_records(text: str) -> Iterator[list[str]]:
    """Fields exactly as written (quotes included), honouring line breaks in quotes."""
    position, record = 0, []
    while position < len(text):
        match = _FIELD.match(text, position)
        assert match and match.end() > position, f"unparseable CSV at offset {position}"
        record.append(match.group(1))
        position = match.end()
        if match.group(2) != ",":
            yield record
            record = []
    if record:
        yield record


def needs_quotes(value: str) -> bool:
    return value != "" and (value[0].isdigit() or any(c in value for c in ',"\r\n'))


def quoting_errors(table: OlistTable, text: str) -> list[str]:
    """Lines that break the real files' rule: text quoted iff it starts with a digit
    (or carries a comma, quote or line break); numbers and NULLs never quoted."""
    is_text = [pa.types.is_string(kind) for _, kind in table.columns]
    always = [(table.file_name, name) in ALWAYS_QUOTED for name in table.header]
    errors = []
    records = raw_records(text)
    next(records)  # header, checked separately
    for line, record in enumerate(records, start=2):
        if len(record) != len(is_text):
            errors.append(
                f"{table.file_name}:{line}: {len(record)} fields, expected {len(is_text)}"
            )
            continue
        for raw, text_column, always_quoted in zip(record, is_text, always, strict=True):
            quoted = raw.startswith('"')
            value = raw[1:-1].replace('""', '"') if quoted else raw
            expected = always_quoted or (text_column and needs_quotes(value))
            if quoted != expected:
                errors.append(f"{table.file_name}:{line}: {raw!r} quoted={quoted}")
    return errors


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("olist")
    counts = write_olist_dataset(out, orders=ORDERS_IN_SAMPLE, seed=SEED)
    return out, counts


@pytest.fixture(scope="module")
def con(sample: tuple[Path, dict[str, int]]) -> Iterator[duckdb.DuckDBPyConnection]:
    out, _ = sample
    connection = duckdb.connect()
    for table in OLIST_TABLES:
        connection.execute(
            f"create view {table.table_name} as select * from read_csv("
            f"'{out / table.file_name}', header = true, all_varchar = true)"
        )
    yield connection
    connection.close()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    return con.execute(sql).fetchone()


def test_returns_rows_per_file_in_contract_order(sample: tuple[Path, dict[str, int]]) -> None:
    out, counts = sample
    assert list(counts) == [table.file_name for table in OLIST_TABLES]
    assert counts[ORDERS.file_name] == ORDERS_IN_SAMPLE
    assert counts[CUSTOMERS.file_name] == ORDERS_IN_SAMPLE
    assert counts[CATEGORY_TRANSLATION.file_name] == 71
    assert sorted(p.name for p in out.iterdir()) == sorted(counts)  # no .part leftovers


def test_headers_are_byte_identical_to_the_real_files(sample: tuple[Path, dict[str, int]]) -> None:
    out, _ = sample
    for table in OLIST_TABLES:
        real = (REFERENCE / table.file_name).read_bytes()
        ours = (out / table.file_name).read_bytes()
        real_header = real[: real.index(b"\n") + 1]
        assert ours.startswith(real_header), table.file_name


def test_translation_file_is_the_real_table_with_bom_crlf_and_no_final_newline(
    sample: tuple[Path, dict[str, int]],
) -> None:
    out, _ = sample
    ours = (out / CATEGORY_TRANSLATION.file_name).read_bytes()
    assert ours.startswith(b"\xef\xbb\xbfproduct_category_name,product_category_name_english\r\n")
    assert ours.count(b"\r\n") == 71 and ours.count(b"\n") == 71
    assert not ours.endswith(b"\n")
    assert ours == (REFERENCE / CATEGORY_TRANSLATION.file_name).read_bytes()


def test_quoting_rule_holds_on_the_real_heads() -> None:
    # The rule the generator implements, verified on real data first.
    for table in OLIST_TABLES:
        if table is CATEGORY_TRANSLATION:
            continue
        text = (REFERENCE / table.file_name).read_text(encoding="utf-8")
        assert quoting_errors(table, text) == [], table.file_name


def test_every_generated_line_follows_the_quoting_rule(
    sample: tuple[Path, dict[str, int]],
) -> None:
    out, _ = sample
    for table in OLIST_TABLES:
        if table is CATEGORY_TRANSLATION:
            continue
        errors = quoting_errors(table, (out / table.file_name).read_text(encoding="utf-8"))
        assert errors[:5] == [], table.file_name


def test_same_column_mixes_quoted_and_bare_ids(sample: tuple[Path, dict[str, int]]) -> None:
    out, _ = sample
    records = list(raw_records((out / ORDERS.file_name).read_text(encoding="utf-8")))[1:]
    order_ids = [record[0] for record in records]
    quoted = [raw for raw in order_ids if raw.startswith('"')]
    bare = [raw for raw in order_ids if not raw.startswith('"')]
    assert quoted and bare
    assert all(re.fullmatch(r'"[0-9][0-9a-f]{31}"', raw) for raw in quoted)
    assert all(re.fullmatch(r"[a-f][0-9a-f]{31}", raw) for raw in bare)
    statuses = {record[2] for record in records}
    assert statuses == {
        "delivered", "shipped", "canceled", "unavailable",
        "invoiced", "processing", "created", "approved",
    }  # fmt: skip


def test_zip_prefixes_are_five_digit_text_with_leading_zeros(
    con: duckdb.DuckDBPyConnection,
) -> None:
    for table, column in (
        ("customers", "customer_zip_code_prefix"),
        ("sellers", "seller_zip_code_prefix"),
        ("geolocation", "geolocation_zip_code_prefix"),
    ):
        bad, leading_zero = one(
            con,
            f"select count(*) filter (where not regexp_full_match({column}, '[0-9]{{5}}')),"
            f" count(*) filter (where {column} like '0%') from {table}",
        )
        assert bad == 0 and leading_zero > 0, table


def test_zip_prefixes_fall_in_their_states_cep_ranges(con: duckdb.DuckDBPyConnection) -> None:
    for city in CITIES:
        ranges = CEP_RANGES[city.state]
        assert any(low <= city.zip_low and city.zip_high <= high for low, high in ranges), city
    pairs = con.execute(
        """
        select customer_zip_code_prefix, customer_state from customers
        union select seller_zip_code_prefix, seller_state from sellers
        union select geolocation_zip_code_prefix, geolocation_state from geolocation
        """
    ).fetchall()
    outside = [
        (prefix, state)
        for prefix, state in pairs
        if not any(low <= int(prefix) <= high for low, high in CEP_RANGES[state])
    ]
    assert outside == []


def test_timestamps_dates_and_money_are_formatted_like_the_real_files(
    sample: tuple[Path, dict[str, int]], con: duckdb.DuckDBPyConnection
) -> None:
    out, _ = sample
    for table in OLIST_TABLES:
        if table is CATEGORY_TRANSLATION:
            continue
        records = list(raw_records((out / table.file_name).read_text(encoding="utf-8")))[1:]
        for position, (name, kind) in enumerate(table.columns):
            values = [record[position] for record in records if record[position] != ""]
            if pa.types.is_timestamp(kind):
                assert all(_TIMESTAMP.fullmatch(v) for v in values), (table.file_name, name)
            if pa.types.is_decimal(kind):
                assert all(_MONEY.fullmatch(v) for v in values), (table.file_name, name)
    midnight = one(
        con,
        "select count(*) filter (where order_estimated_delivery_date not like '% 00:00:00')"
        " + (select count(*) filter (where review_creation_date not like '% 00:00:00')"
        " from order_reviews) from orders",
    )[0]
    assert midnight == 0


def test_same_seed_same_bytes_other_seed_other_bytes(
    sample: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, _ = sample
    again = write_olist_dataset(tmp_path / "again", orders=ORDERS_IN_SAMPLE, seed=SEED)
    other = write_olist_dataset(tmp_path / "other", orders=ORDERS_IN_SAMPLE, seed=SEED + 1)
    assert again == sample[1]
    for table in OLIST_TABLES:
        ours = (out / table.file_name).read_bytes()
        assert (tmp_path / "again" / table.file_name).read_bytes() == ours, table.file_name
        if table is not CATEGORY_TRANSLATION:
            assert (tmp_path / "other" / table.file_name).read_bytes() != ours, table.file_name
    assert other[ORDERS.file_name] == ORDERS_IN_SAMPLE


def test_referential_integrity_and_keys(con: duckdb.DuckDBPyConnection) -> None:
    orphans = one(
        con,
        """
        select
            (select count(*) from orders anti join customers using (customer_id)),
            (select count(*) from customers anti join orders using (customer_id)),
            (select count(*) from order_items anti join orders using (order_id)),
            (select count(*) from order_items anti join products using (product_id)),
            (select count(*) from order_items anti join sellers using (seller_id)),
            (select count(*) from order_payments anti join orders using (order_id)),
            (select count(*) from order_reviews anti join orders using (order_id)),
            (select count(*) from customers c anti join geolocation g
                on g.geolocation_zip_code_prefix = c.customer_zip_code_prefix),
            (select count(*) from sellers s anti join geolocation g
                on g.geolocation_zip_code_prefix = s.seller_zip_code_prefix),
            (select count(*) from products anti join order_items using (product_id)),
            (select count(*) from sellers anti join order_items using (seller_id))
        """,
    )
    assert orphans == (0,) * 11
    for table in OLIST_TABLES:
        if not table.natural_key:
            continue
        key = ", ".join(table.natural_key)
        rows, distinct = one(
            con, f"select count(*), count(distinct ({key})) from {table.table_name}"
        )
        assert rows == distinct, table.table_name
    reviews, review_ids, orders_per_review = one(
        con,
        "select count(*), count(distinct review_id), max(n) from order_reviews join"
        " (select review_id, count(*) as n from order_reviews group by 1) using (review_id)",
    )
    assert review_ids < reviews and orders_per_review >= 2
    customers, persons = one(
        con, "select count(distinct customer_id), count(distinct customer_unique_id) from customers"
    )
    assert customers == ORDERS_IN_SAMPLE and 0.9 * customers < persons < customers


def test_published_figures_on_the_default_sample(con: duckdb.DuckDBPyConnection) -> None:
    delivered_share = one(con, "select avg((order_status = 'delivered')::int) from orders")[0]
    assert 0.955 <= delivered_share <= 0.985

    mean_delivery, mean_estimate, late_share = one(
        con,
        """
        select
            avg(date_diff('second', order_purchase_timestamp::timestamp,
                order_delivered_customer_date::timestamp)) / 86400,
            avg(date_diff('second', order_purchase_timestamp::timestamp,
                order_estimated_delivery_date::timestamp)) / 86400,
            avg((order_delivered_customer_date::timestamp
                > order_estimated_delivery_date::timestamp)::int)
        from orders
        where order_status = 'delivered' and order_delivered_customer_date is not null
        """,
    )
    assert 11.0 <= mean_delivery <= 13.5
    assert 22.0 <= mean_estimate <= 25.0
    assert 0.06 <= late_share <= 0.10

    on_time, late = (
        row[1]
        for row in con.execute(
            """
            select
                o.order_delivered_customer_date::timestamp
                    > o.order_estimated_delivery_date::timestamp as is_late,
                avg(r.review_score::int)
            from orders as o
            inner join order_reviews as r on r.order_id = o.order_id
            where o.order_status = 'delivered' and o.order_delivered_customer_date is not null
            group by 1
            order by 1
            """
        ).fetchall()
    )
    assert 4.1 <= on_time <= 4.5 and 2.2 <= late <= 2.9
    assert 1.4 <= on_time - late <= 2.0

    payments = dict(
        con.execute(
            "select payment_type, count(*) / sum(count(*)) over () from order_payments group by 1"
        ).fetchall()
    )
    assert 0.71 <= payments["credit_card"] <= 0.77
    assert 0.16 <= payments["boleto"] <= 0.22
    assert 0.03 <= payments["voucher"] <= 0.08
    assert set(payments) <= {"credit_card", "boleto", "voucher", "debit_card", "not_defined"}
    single, max_card, max_other = one(
        con,
        """
        select
            avg((n = 1)::int),
            (select max(payment_installments::int) from order_payments
                where payment_type = 'credit_card'),
            (select max(payment_installments::int) from order_payments
                where payment_type <> 'credit_card')
        from (select order_id, count(*) as n from order_payments group by 1)
        """,
    )
    assert single >= 0.95 and 10 <= max_card <= 24 and max_other == 1

    states, sp_share = one(
        con,
        "select count(distinct customer_state), avg((customer_state = 'SP')::int) from customers",
    )
    assert states == 27 and 0.38 <= sp_share <= 0.46
    seller_sp = one(con, "select avg((seller_state = 'SP')::int) from sellers")[0]
    assert 0.5 <= seller_sp <= 0.72

    items_per_order, median_price = one(
        con,
        "select count(*) / (select count(*) from orders), median(price::double) from order_items",
    )
    assert 1.08 <= items_per_order <= 1.18
    assert 60 <= median_price <= 90

    months = one(
        con,
        "select min(order_purchase_timestamp), max(order_purchase_timestamp),"
        " count(*) filter (where order_purchase_timestamp >= '2018')"
        " / count(*) filter (where order_purchase_timestamp < '2018') from orders",
    )
    assert months[0] >= "2016-09" and months[1] < "2018-11"
    assert months[2] > 1.0  # growth: 2018 outsells 2016-2017


def test_freight_grows_with_distance_between_seller_and_customer(
    con: duckdb.DuckDBPyConnection,
) -> None:
    correlation = one(
        con,
        """
        with centroids as (
            select
                geolocation_zip_code_prefix as prefix,
                avg(geolocation_lat::double) as lat,
                avg(geolocation_lng::double) as lng,
            from geolocation
            group by 1
        ),
        legs as (
            select
                order_items.freight_value::double as freight,
                2 * 6371 * asin(sqrt(
                    pow(sin(radians(c.lat - s.lat) / 2), 2)
                    + cos(radians(s.lat)) * cos(radians(c.lat))
                    * pow(sin(radians(c.lng - s.lng) / 2), 2)
                )) as km,
            from order_items
            inner join orders using (order_id)
            inner join customers using (customer_id)
            inner join sellers using (seller_id)
            inner join centroids as c on c.prefix = customers.customer_zip_code_prefix
            inner join centroids as s on s.prefix = sellers.seller_zip_code_prefix
        )
        select corr(freight, km) from legs
        """,
    )[0]
    assert correlation > 0.3


def test_timestamps_agree_with_status(con: duckdb.DuckDBPyConnection) -> None:
    wrong = one(
        con,
        """
        select
            count(*) filter (where order_status <> 'delivered'
                and order_delivered_customer_date is not null),
            count(*) filter (where order_status = 'created' and order_approved_at is not null),
            count(*) filter (where order_status in ('invoiced', 'processing', 'unavailable',
                'approved', 'created') and order_delivered_carrier_date is not null),
            count(*) filter (where order_approved_at < order_purchase_timestamp
                or order_delivered_carrier_date < order_approved_at
                or order_delivered_customer_date < order_delivered_carrier_date
                or order_estimated_delivery_date < order_purchase_timestamp)
        from orders
        """,
    )
    assert wrong == (0, 0, 0, 0)
    reviews_before_purchase = one(
        con,
        "select count(*) from order_reviews join orders using (order_id)"
        " where review_answer_timestamp < review_creation_date"
        " or review_creation_date < order_purchase_timestamp[:10]",
    )[0]
    assert reviews_before_purchase == 0


def test_reviews_have_multiline_and_mostly_empty_comments(
    con: duckdb.DuckDBPyConnection,
) -> None:
    multiline, with_message, with_title, rows = one(
        con,
        "select count(*) filter (where review_comment_message like '%' || chr(10) || '%'),"
        " count(review_comment_message), count(review_comment_title), count(*)"
        " from order_reviews",
    )
    assert multiline > 0
    assert 0.3 <= with_message / rows <= 0.5
    assert 0.05 <= with_title / rows <= 0.2


def test_categories_untranslated_and_missing_like_the_real_products(
    con: duckdb.DuckDBPyConnection,
) -> None:
    untranslated = {
        row[0]
        for row in con.execute(
            "select distinct product_category_name from products"
            " anti join product_category_name_translation using (product_category_name)"
            " where product_category_name is not null"
        ).fetchall()
    }
    assert untranslated == UNTRANSLATED
    without, rows, with_lengths = one(
        con,
        "select count(*) filter (where product_category_name is null), count(*),"
        " count(*) filter (where product_category_name is null and (product_name_lenght"
        " is not null or product_description_lenght is not null"
        " or product_photos_qty is not null)) from products",
    )
    assert 0.005 <= without / rows <= 0.04 and with_lengths == 0


def test_geolocation_has_many_rows_and_spellings_per_prefix(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows_per_prefix, accented, spelled_twice, outside_brazil = one(
        con,
        """
        select
            count(*) / count(distinct geolocation_zip_code_prefix),
            count(*) filter (where geolocation_city = 'são paulo'),
            (select count(*) from (
                select geolocation_zip_code_prefix from geolocation
                group by 1 having count(distinct geolocation_city) > 1)),
            count(*) filter (where geolocation_lat::double not between -34 and 6
                or geolocation_lng::double not between -74 and -34)
        from geolocation
        """,
    )
    assert rows_per_prefix > 5 and accented > 0 and spelled_twice > 0 and outside_brazil == 0


def test_duckdb_and_pyarrow_read_every_file_with_the_right_row_counts(
    sample: tuple[Path, dict[str, int]],
) -> None:
    out, counts = sample
    con = duckdb.connect()
    for table in OLIST_TABLES:
        path = out / table.file_name
        rows = con.execute(f"select count(*) from read_csv('{path}', header = true)").fetchone()
        assert rows[0] == counts[table.file_name], f"duckdb {table.file_name}"
        parsed = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in table.header}
            ),
        )
        assert parsed.column_names == table.header, f"pyarrow {table.file_name}"
        assert parsed.num_rows == counts[table.file_name], f"pyarrow {table.file_name}"
    con.close()


def test_batches_join_up_when_the_dataset_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches exercise the streaming path: ids, persons and keys across batches.
    monkeypatch.setattr(dataset, "BATCH_ORDERS", 700)
    counts = write_olist_dataset(tmp_path, orders=2000, seed=7)
    con = duckdb.connect()
    for table in OLIST_TABLES:
        con.execute(
            f"create view {table.table_name} as select * from read_csv("
            f"'{tmp_path / table.file_name}', header = true, all_varchar = true)"
        )
    assert one(con, "select count(distinct order_id) from orders")[0] == 2000
    assert one(con, "select count(distinct customer_id) from customers")[0] == 2000
    assert (
        one(con, "select count(*) from order_items anti join products using (product_id)")[0] == 0
    )
    assert one(con, "select count(*) from order_items anti join sellers using (seller_id)")[0] == 0
    assert (
        one(con, "select count(*) from customers anti join geolocation"
                 " on geolocation_zip_code_prefix = customer_zip_code_prefix")[0]
        == 0
    )  # fmt: skip
    homes = one(
        con,
        "select count(*) from (select customer_unique_id from customers group by 1"
        " having count(distinct customer_zip_code_prefix) > 1)",
    )[0]
    assert homes == 0  # a repeat buyer keeps the home of their first order
    assert counts[GEOLOCATION.file_name] > 0
    con.close()


def test_rejects_a_dataset_without_orders(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        write_olist_dataset(tmp_path, orders=0, seed=1)
