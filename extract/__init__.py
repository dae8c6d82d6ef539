"""Extract/load: one package per source, loading raw data with dlt."""
