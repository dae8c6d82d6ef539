"""The raw contract of the nine Olist files: names, header order and column types.

Types are decided here on purpose, never sniffed: ids and zip-code prefixes are text
(prefixes keep their leading zeros), timestamps are naive ``YYYY-MM-DD HH:MM:SS``
(the source has no time zone), money is decimal with two places. Raw column names are
the file's headers, typos included (``product_name_lenght``); staging renames them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

TEXT = pa.string()
INTEGER = pa.int64()
TIMESTAMP = pa.timestamp("us")
MONEY = pa.decimal128(12, 2)
DEGREES = pa.float64()


@dataclass(frozen=True)
class OlistTable:
    """One Kaggle file and the raw table it lands in."""

    file_name: str
    table_name: str
    columns: tuple[tuple[str, pa.DataType], ...]
    natural_key: tuple[str, ...]
    # The published file ends its last record with a line break, so a file that does not
    # was cut off. Only the translation file is published without one.
    ends_with_newline: bool = True

    @property
    def header(self) -> list[str]:
        return [name for name, _ in self.columns]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(list(self.columns))


ORDERS = OlistTable(
    file_name="olist_orders_dataset.csv",
    table_name="orders",
    columns=(
        ("order_id", TEXT),
        ("customer_id", TEXT),
        ("order_status", TEXT),
        ("order_purchase_timestamp", TIMESTAMP),
        ("order_approved_at", TIMESTAMP),
        ("order_delivered_carrier_date", TIMESTAMP),
        ("order_delivered_customer_date", TIMESTAMP),
        ("order_estimated_delivery_date", TIMESTAMP),
    ),
    natural_key=("order_id",),
)

ORDER_ITEMS = OlistTable(
    file_name="olist_order_items_dataset.csv",
    table_name="order_items",
    columns=(
        ("order_id", TEXT),
        ("order_item_id", INTEGER),
        ("product_id", TEXT),
        ("seller_id", TEXT),
        ("shipping_limit_date", TIMESTAMP),
        ("price", MONEY),
        ("freight_value", MONEY),
    ),
    natural_key=("order_id", "order_item_id"),
)

ORDER_PAYMENTS = OlistTable(
    file_name="olist_order_payments_dataset.csv",
    table_name="order_payments",
    columns=(
        ("order_id", TEXT),
        ("payment_sequential", INTEGER),
        ("payment_type", TEXT),
        ("payment_installments", INTEGER),
        ("payment_value", MONEY),
    ),
    natural_key=("order_id", "payment_sequential"),
)

ORDER_REVIEWS = OlistTable(
    file_name="olist_order_reviews_dataset.csv",
    table_name="order_reviews",
    columns=(
        ("review_id", TEXT),
        ("order_id", TEXT),
        ("review_score", INTEGER),
        ("review_comment_title", TEXT),
        ("review_comment_message", TEXT),
        ("review_creation_date", TIMESTAMP),
        ("review_answer_timestamp", TIMESTAMP),
    ),
    # review_id alone repeats in the real file: one review can cover several orders.
    natural_key=("review_id", "order_id"),
)

CUSTOMERS = OlistTable(
    file_name="olist_customers_dataset.csv",
    table_name="customers",
    columns=(
        ("customer_id", TEXT),
        ("customer_unique_id", TEXT),
        ("customer_zip_code_prefix", TEXT),
        ("customer_city", TEXT),
        ("customer_state", TEXT),
    ),
    natural_key=("customer_id",),
)

GEOLOCATION = OlistTable(
    file_name="olist_geolocation_dataset.csv",
    table_name="geolocation",
    columns=(
        ("geolocation_zip_code_prefix", TEXT),
        ("geolocation_lat", DEGREES),
        ("geolocation_lng", DEGREES),
        ("geolocation_city", TEXT),
        ("geolocation_state", TEXT),
    ),
    # Many rows per prefix and exact duplicates exist: the file has no key.
    natural_key=(),
)

PRODUCTS = OlistTable(
    file_name="olist_products_dataset.csv",
    table_name="products",
    columns=(
        ("product_id", TEXT),
        ("product_category_name", TEXT),
        ("product_name_lenght", INTEGER),
        ("product_description_lenght", INTEGER),
        ("product_photos_qty", INTEGER),
        ("product_weight_g", INTEGER),
        ("product_length_cm", INTEGER),
        ("product_height_cm", INTEGER),
        ("product_width_cm", INTEGER),
    ),
    natural_key=("product_id",),
)

SELLERS = OlistTable(
    file_name="olist_sellers_dataset.csv",
    table_name="sellers",
    columns=(
        ("seller_id", TEXT),
        ("seller_zip_code_prefix", TEXT),
        ("seller_city", TEXT),
        ("seller_state", TEXT),
    ),
    natural_key=("seller_id",),
)

CATEGORY_TRANSLATION = OlistTable(
    file_name="product_category_name_translation.csv",
    table_name="product_category_name_translation",
    columns=(
        ("product_category_name", TEXT),
        ("product_category_name_english", TEXT),
    ),
    natural_key=("product_category_name",),
    ends_with_newline=False,
)

OLIST_TABLES: tuple[OlistTable, ...] = (
    ORDERS,
    ORDER_ITEMS,
    ORDER_PAYMENTS,
    ORDER_REVIEWS,
    CUSTOMERS,
    GEOLOCATION,
    PRODUCTS,
    SELLERS,
    CATEGORY_TRANSLATION,
)

RAW_SCHEMA = "raw_olist"
REJECTS_TABLE = "load_rejects"
LOADED_AT_COLUMN = "_loaded_at"
