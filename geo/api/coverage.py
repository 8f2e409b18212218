"""GET /api/v1/coverage…: rural service coverage per township and category."""

from ninja import Router

router = Router(tags=["coverage"])
