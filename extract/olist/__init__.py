"""The Olist Brazilian e-commerce dataset: nine Kaggle CSV files, loaded raw with dlt."""
