"""The geo app's HTTP API: geocoding (geocoding.py) and service coverage (coverage.py)."""
