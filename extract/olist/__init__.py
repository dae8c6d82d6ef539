"""The Olist Brazilian e-commerce dataset: nine Kaggle CSV files, loaded raw with dlt."""

# Names the pipeline (olist_<destination>), the dataset (raw_olist) and the recorded runs.
SOURCE = "olist"
