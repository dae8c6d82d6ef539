"""Metabase as code: ``dashboards/*.yml`` synced through Metabase's REST API."""
