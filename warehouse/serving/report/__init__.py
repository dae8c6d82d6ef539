"""The offline charts report: the dashboards' key charts as one HTML file."""
