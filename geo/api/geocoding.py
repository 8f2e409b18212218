"""GET /api/v1/geo/…: offline geocoding against the gazetteer."""

from ninja import Router

router = Router(tags=["geo"])
