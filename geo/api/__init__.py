"""The geo app's HTTP API: geocoding (geocoding.py). Coverage is in service_net/coverage/api.py."""
