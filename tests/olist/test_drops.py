"""Daily drops: a full export, then one folder per day of what appeared or changed.

The core check: the full export merged with every drop in date order, on each file's
natural key (a later row replaces an earlier one; geolocation, which has no key, is
appended), is exactly the full export generated as of the last drop's day.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from extract.olist.offline import (
    CUT_OFF,
    DropsWritten,
    dataset,
    write_olist_dataset,
    write_olist_drops,
)
from extract.olist.offline.progress import LineProgress
from extract.olist.offline.shape import FIRST_DAY, LAST_DAY
from extract.olist.tables import (
    CATEGORY_TRANSLATION,
    CUSTOMERS,
    GEOLOCATION,
    OLIST_TABLES,
    ORDER_ITEMS,
    ORDER_PAYMENTS,
    ORDER_REVIEWS,
    ORDERS,
    PRODUCTS,
    SELLERS,
    OlistTable,
)
from tests.olist.test_generate import REFERENCE, quoting_errors, raw_records

ORDERS_IN_SAMPLE = 3000
SEED = 42
DROPS = 30
LAST_DROP = CUT_OFF + timedelta(days=DROPS)
# The way an order goes (a day may pass several steps); canceled can end it anywhere,
# unavailable before it is invoiced.
WAY = ("created", "approved", "processing", "invoiced", "shipped", "delivered")
STEP = {"order_approved_at": "approved", "order_delivered_carrier_date": "shipped",
        "order_delivered_customer_date": "delivered"}  # fmt: skip


Table = dict[tuple[str, ...], tuple[str, ...]]


def unquote(raw: str) -> str:
    return raw[1:-1].replace('""', '"') if raw.startswith('"') else raw


def records(path: Path) -> list[tuple[str, ...]]:
    """Data records as written, quotes kept, so merged rows compare byte for byte."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    return [tuple(record) for record in list(raw_records(text))[1:]]


def keyed(table: OlistTable, rows: list[tuple[str, ...]]) -> Table:
    positions = [table.header.index(name) for name in table.natural_key]
    out = {tuple(unquote(row[p]) for p in positions): row for row in rows}
    assert len(out) == len(rows), f"{table.file_name}: a key repeats within one file"
    return out


def merge(full: Path, drops: list[Path], table: OlistTable) -> Table | Counter:
    """What a loader merging the drops into the full export on the natural key holds."""
    if not table.natural_key:  # geolocation: appended
        merged_rows: Counter = Counter(records(full / table.file_name))
        for drop in drops:
            merged_rows.update(records(drop / table.file_name))
        return merged_rows
    merged = keyed(table, records(full / table.file_name))
    for drop in drops:
        merged.update(keyed(table, records(drop / table.file_name)))
    return merged


def export(folder: Path, table: OlistTable) -> Table | Counter:
    rows = records(folder / table.file_name)
    return keyed(table, rows) if table.natural_key else Counter(rows)


def drop_folders(out: Path) -> list[Path]:
    return sorted((out / "drops").iterdir())


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DropsWritten]:
    out = tmp_path_factory.mktemp("drops")
    return out, write_olist_drops(out, orders=ORDERS_IN_SAMPLE, seed=SEED, drops=DROPS)


@pytest.fixture(scope="module")
def as_of_last_drop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("as_of")
    write_olist_dataset(out, orders=ORDERS_IN_SAMPLE, seed=SEED, as_of=LAST_DROP)
    return out


def history(out: Path) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Each order's rows in export order: (folder name, row by column)."""
    rows: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for folder in [out / "full", *drop_folders(out)]:
        for record in records(folder / ORDERS.file_name):
            row = dict(zip(ORDERS.header, map(unquote, record), strict=True))
            rows.setdefault(row["order_id"], []).append((folder.name, row))
    return rows


def test_layout_full_export_and_one_dated_folder_per_day(
    grown: tuple[Path, DropsWritten],
) -> None:
    out, written = grown
    assert sorted(p.name for p in out.iterdir()) == ["drops", "full"]
    days = [CUT_OFF + timedelta(days=k) for k in range(1, DROPS + 1)]
    assert [p.name for p in drop_folders(out)] == [day.isoformat() for day in days]
    assert list(written.drops) == days
    names = sorted(table.file_name for table in OLIST_TABLES)
    for folder in [out / "full", *drop_folders(out)]:
        assert sorted(p.name for p in folder.iterdir()) == names, folder  # no .part left


def test_drop_files_keep_the_real_headers_and_quoting(grown: tuple[Path, DropsWritten]) -> None:
    out, written = grown
    for folder in drop_folders(out):
        for table in OLIST_TABLES:
            real = (REFERENCE / table.file_name).read_bytes()
            ours = (folder / table.file_name).read_bytes()
            if table is CATEGORY_TRANSLATION:
                # Header only, and like the real file no line break after the last line.
                assert ours == real[: real.index(b"\r\n")], folder
                continue
            assert ours.startswith(real[: real.index(b"\n") + 1]), (folder, table.file_name)
            assert quoting_errors(table, ours.decode())[:5] == [], (folder, table.file_name)
            day = date.fromisoformat(folder.name)
            assert len(records(folder / table.file_name)) == written.drops[day][table.file_name]
        assert (folder / GEOLOCATION.file_name).read_bytes().count(b"\n") == 1
    # Quiet days exist: a file then holds its header alone.
    header_only = [
        (folder.name, table.file_name)
        for folder in drop_folders(out)
        for table in (ORDER_ITEMS, SELLERS)
        if (folder / table.file_name).read_bytes().count(b"\n") == 1
    ]
    assert header_only


@pytest.mark.parametrize("table", OLIST_TABLES, ids=lambda table: table.table_name)
def test_full_export_merged_with_every_drop_is_the_export_as_of_the_last_day(
    grown: tuple[Path, DropsWritten], as_of_last_drop: Path, table: OlistTable
) -> None:
    out, _ = grown
    merged = merge(out / "full", drop_folders(out), table)
    expected = export(as_of_last_drop, table)
    assert merged == expected


def test_merge_holds_when_the_orders_stream_in_small_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset, "BATCH_ORDERS", 700)
    as_of = date(2018, 3, 10)
    write_olist_drops(tmp_path / "grown", orders=2000, seed=7, drops=12, as_of=as_of)
    write_olist_dataset(tmp_path / "as_of", orders=2000, seed=7, as_of=as_of + timedelta(days=12))
    drops = drop_folders(tmp_path / "grown")
    for table in OLIST_TABLES:
        merged = merge(tmp_path / "grown" / "full", drops, table)
        assert merged == export(tmp_path / "as_of", table), table.file_name


def test_orders_move_through_their_statuses_in_later_drops(
    grown: tuple[Path, DropsWritten],
) -> None:
    out, _ = grown
    moved_on = 0
    for order_id, rows in history(out).items():
        for (_, before), (_, after) in zip(rows, rows[1:], strict=False):
            assert after != before, f"{order_id} re-sent unchanged"
            was, now = before["order_status"], after["order_status"]
            if now != was:
                assert was in WAY, f"{order_id} moved on from {was}"
                if now == "unavailable":
                    assert WAY.index(was) <= WAY.index("processing"), order_id
                elif now != "canceled":
                    assert WAY.index(now) > WAY.index(was), (order_id, was, now)
            for column, step in STEP.items():
                if before[column]:  # a timestamp once shown never changes
                    assert after[column] == before[column], (order_id, column)
                elif after[column] and now != "canceled":  # filled when the step is made
                    assert WAY.index(now) >= WAY.index(step), (order_id, column, now)
            assert after["order_purchase_timestamp"] == before["order_purchase_timestamp"]
            assert after["order_estimated_delivery_date"] == before["order_estimated_delivery_date"]
        first_folder, first = rows[0]
        if first_folder != "full" and first["order_status"] in {"created", "approved", "invoiced"}:
            last = rows[-1][1]
            if last["order_status"] == "delivered":
                assert first["order_delivered_customer_date"] == ""
                assert last["order_approved_at"] and last["order_delivered_customer_date"]
                moved_on += 1
    assert moved_on >= 50  # most of the month's new orders are delivered within it


def test_order_rows_agree_with_their_status_in_every_export(
    grown: tuple[Path, DropsWritten],
) -> None:
    out, _ = grown
    for folder in [out / "full", *drop_folders(out)]:
        end = f"{date.fromisoformat(folder.name) if folder.name != 'full' else CUT_OFF} 23:59:59"
        for record in records(folder / ORDERS.file_name):
            row = dict(zip(ORDERS.header, map(unquote, record), strict=True))
            status = row["order_status"]
            assert row["order_purchase_timestamp"] <= end
            for column in STEP:
                assert row[column] <= end  # nothing from the future
            if status != "delivered":
                assert row["order_delivered_customer_date"] == "", row
            if status in {"created", "approved", "processing", "invoiced", "unavailable"}:
                assert row["order_delivered_carrier_date"] == "", row
            if status == "created":
                assert row["order_approved_at"] == "", row


def test_items_payments_customers_come_with_the_order_reviews_after_delivery(
    grown: tuple[Path, DropsWritten],
) -> None:
    out, _ = grown
    seen: dict[str, int] = {}  # order id -> export of its first row (0: full/)
    delivered_on: dict[str, str] = {}
    exports = [out / "full", *drop_folders(out)]
    for number, folder in enumerate(exports):
        for record in records(folder / ORDERS.file_name):
            order_id, status = unquote(record[0]), record[2]
            seen.setdefault(order_id, number)
            if status == "delivered":
                delivered_on.setdefault(order_id, unquote(record[6])[:10])
    customer_of = {
        unquote(r[1]): unquote(r[0])
        for folder in exports
        for r in records(folder / ORDERS.file_name)
    }
    # (review created, delivered, arrived) for reviews of delivered orders in drops
    reviewed: list[tuple[str, str, str]] = []
    for number, folder in enumerate(exports):
        for table in (ORDER_ITEMS, ORDER_PAYMENTS):
            for record in records(folder / table.file_name):
                assert seen[unquote(record[0])] == number, (table.file_name, record)
        for record in records(folder / CUSTOMERS.file_name):
            assert seen[customer_of[unquote(record[0])]] == number, record
        if number == 0:
            continue
        for record in records(folder / ORDER_REVIEWS.file_name):
            order_id, answered = unquote(record[1]), record[6]
            assert answered[:10] == folder.name  # a review arrives the day it is answered
            assert seen[order_id] <= number
            assert record[5][:10] <= folder.name
            if order_id in delivered_on:
                reviewed.append((record[5][:10], delivered_on[order_id], folder.name))
    # The survey goes out once the parcel arrives (orders bought together share the
    # first one's review, so theirs may follow the other parcel).
    after = [created >= delivered for created, delivered, _ in reviewed]
    days_later = [arrived > delivered for _, delivered, arrived in reviewed]
    assert len(reviewed) >= 50
    assert sum(after) >= 0.97 * len(reviewed) and sum(days_later) >= 0.9 * len(reviewed)


def test_a_day_adds_about_one_seven_hundredth_of_the_history(
    grown: tuple[Path, DropsWritten],
) -> None:
    out, written = grown
    purchases = [r[3] for r in records(out / "full" / ORDERS.file_name)]
    assert min(purchases) >= str(FIRST_DAY) and max(purchases) < str(CUT_OFF + timedelta(1))
    assert (CUT_OFF - FIRST_DAY).days + 1 == 700  # ~2 years; a day is 1/700 of them
    # The shop grows, so August 2018 days bring more than the two-year average day.
    august = [c for day, c in written.drops.items() if day.month == 8]
    new_orders = sum(c[CUSTOMERS.file_name] for c in august) / len(august)
    held = written.full[ORDERS.file_name]
    assert held / 700 <= new_orders <= held / 300
    order_rows = sum(c[ORDERS.file_name] for c in august) / len(august)
    assert 2 * new_orders <= order_rows <= 8 * new_orders  # status moves ride along
    assert "new orders on average" in written.format()


def test_same_seed_same_drops_other_seed_other_drops(
    grown: tuple[Path, DropsWritten], tmp_path: Path
) -> None:
    out, written = grown
    again = write_olist_drops(tmp_path / "again", orders=ORDERS_IN_SAMPLE, seed=SEED, drops=DROPS)
    other = write_olist_drops(tmp_path / "other", orders=ORDERS_IN_SAMPLE, seed=SEED + 1, drops=3)
    assert (again.full, again.drops) == (written.full, written.drops)
    for path in sorted(out.rglob("*.csv")):
        twin = tmp_path / "again" / path.relative_to(out)
        assert twin.read_bytes() == path.read_bytes(), path
    first = drop_folders(out)[0] / ORDERS.file_name
    assert (tmp_path / "other" / "drops" / first.parent.name / first.name).read_bytes() != (
        first.read_bytes()
    )
    assert other.as_of == CUT_OFF


def test_a_shorter_run_is_a_prefix_of_a_longer_one(
    grown: tuple[Path, DropsWritten], tmp_path: Path
) -> None:
    out, _ = grown
    write_olist_drops(tmp_path, orders=ORDERS_IN_SAMPLE, seed=SEED, drops=2)
    for path in sorted(tmp_path.rglob("*.csv")):
        assert path.read_bytes() == (out / path.relative_to(tmp_path)).read_bytes(), path


# sha256 of the default sample (3000 orders, seed 42) as written before drops existed:
# the export without a date must stay byte-identical, other code and tests rely on it.
DEFAULT_SAMPLE_SHA256 = {
    ORDERS.file_name: "76de0238eb25d550983e9d5c5a1e5b1f8aaa9d92b69cfee92440e89f6f1a7a1a",
    ORDER_ITEMS.file_name: "991f1fee4f6350d835c6c6a432554212b0da83382e92bad631deb2d012000562",
    ORDER_PAYMENTS.file_name: "1fad9692c60616b6e9a360dda969e06c49c87760a185d5d16c9971297feca232",
    ORDER_REVIEWS.file_name: "acd65dac85adfcd9ca581b5f5d1a3dc61ad81f17d69e74d7bf7cdcdcae11aa33",
    CUSTOMERS.file_name: "a34201980a7ed9b643dd3992e8851ba18ad7c42928e8ed60dc99dea1fdb972a3",
    GEOLOCATION.file_name: "22a1706ad51ede2ca19028fe5746e9dae403c9ae5554fec7282b623cdc7b2614",
    PRODUCTS.file_name: "33ab7816d62c04c9c3e3cc8348ed5d83113d78d403ef3a40f6362df33bb7da50",
    SELLERS.file_name: "2ec9f191454b0823570e310d0450e1fbbbeed2013af40a77031d4928e85a26cb",
    CATEGORY_TRANSLATION.file_name: (
        "a81f0d1f27b27e7293f761bc79e3ce8f348ee39c4b3ed3e49bde38f478586278"
    ),
}


def test_the_export_without_a_date_is_unchanged(tmp_path: Path) -> None:
    write_olist_dataset(tmp_path, orders=ORDERS_IN_SAMPLE, seed=SEED)
    digests = {
        name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        for name in DEFAULT_SAMPLE_SHA256
    }
    assert digests == DEFAULT_SAMPLE_SHA256


def test_the_export_as_of_the_snapshot_day_is_the_snapshot_minus_the_future(
    tmp_path: Path,
) -> None:
    # The status clock runs into the real snapshot: as of its day, the same rows, bar
    # the few the snapshot shows ahead of time (reviews answered later, late cancels).
    write_olist_dataset(tmp_path / "snapshot", orders=ORDERS_IN_SAMPLE, seed=SEED)
    write_olist_dataset(tmp_path / "as_of", orders=ORDERS_IN_SAMPLE, seed=SEED, as_of=LAST_DAY)
    for table in OLIST_TABLES:
        snapshot = export(tmp_path / "snapshot", table)
        as_of = export(tmp_path / "as_of", table)
        if table is ORDER_REVIEWS:
            assert set(as_of.items()) <= set(snapshot.items())
            assert len(as_of) >= 0.99 * len(snapshot)
        elif table is ORDERS:
            assert as_of.keys() == snapshot.keys()
            differ = sum(as_of[key] != row for key, row in snapshot.items())
            assert differ <= 0.005 * len(snapshot)
        else:
            assert as_of == snapshot, table.file_name


def test_the_state_after_the_drops_keeps_the_published_lateness(as_of_last_drop: Path) -> None:
    con = duckdb.connect()
    for table in (ORDERS, ORDER_REVIEWS):
        con.execute(
            f"create view {table.table_name} as select * from read_csv("
            f"'{as_of_last_drop / table.file_name}', header = true, all_varchar = true)"
        )
    settled, mean_delivery, mean_estimate, late_share = con.execute(
        f"""
        select
            (select avg((order_status = 'delivered')::int) from orders
                where order_purchase_timestamp < '{LAST_DROP - timedelta(days=45)}'),
            avg(date_diff('second', order_purchase_timestamp::timestamp,
                order_delivered_customer_date::timestamp)) / 86400,
            avg(date_diff('second', order_purchase_timestamp::timestamp,
                order_estimated_delivery_date::timestamp)) / 86400,
            avg((order_delivered_customer_date > order_estimated_delivery_date)::int)
        from orders
        where order_status = 'delivered' and order_delivered_customer_date is not null
        """
    ).fetchone()
    con.close()
    assert 0.955 <= settled <= 0.985
    assert 11.0 <= mean_delivery <= 13.5
    assert 22.0 <= mean_estimate <= 25.0
    assert 0.06 <= late_share <= 0.10


def test_rejects_drops_beyond_the_simulated_history(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        write_olist_drops(tmp_path, orders=10, seed=1, drops=0)
    room = (LAST_DAY - CUT_OFF).days
    with pytest.raises(ValueError, match=f"at most {room} drops"):
        write_olist_drops(tmp_path, orders=10, seed=1, drops=room + 1)
    with pytest.raises(ValueError, match="as_of must fall between"):
        write_olist_dataset(tmp_path, orders=10, seed=1, as_of=LAST_DAY + timedelta(days=1))
    assert not any(tmp_path.iterdir())


def test_cli_writes_drops_and_prints_rows_per_drop(tmp_path: Path) -> None:
    from warehouse.cli import app

    result = CliRunner().invoke(
        app,
        ["olist", "generate", "--out", str(tmp_path), "--orders", "500", "--drops", "3"],
    )
    assert result.exit_code == 0, result.output
    assert "full/ as of 2018-08-04" in result.output
    for k in range(1, 4):
        day = (CUT_OFF + timedelta(days=k)).isoformat()
        assert (tmp_path / "drops" / day / ORDERS.file_name).is_file()
        assert day in result.output
    as_of = CliRunner().invoke(
        app,
        ["olist", "generate", "--out", str(tmp_path / "a"), "--orders", "50",
         "--as-of", "2017-12-31"],
    )  # fmt: skip
    assert as_of.exit_code == 0, as_of.output
    purchases = [r[3] for r in records(tmp_path / "a" / ORDERS.file_name)]
    assert purchases and max(purchases) < "2018-01-01"


def test_progress_lines_per_file_with_rows_and_rate(tmp_path: Path) -> None:
    stream = io.StringIO()
    write_olist_drops(tmp_path, orders=200, seed=3, drops=2, progress=LineProgress(stream))
    lines = stream.getvalue().splitlines()
    assert any(line.startswith("orders") and "200 of 200" in line for line in lines)
    for table in OLIST_TABLES:
        full = [line for line in lines if line.endswith(f"full/{table.file_name}")]
        drops = [line for line in lines if line.endswith(f"drops/*/{table.file_name}")]
        assert len(full) == 1, table.file_name
        if table in (GEOLOCATION, CATEGORY_TRANSLATION):  # headers only in drops
            assert drops == []
        else:
            assert len(drops) == 1 and "in 2 files" in drops[0], table.file_name
