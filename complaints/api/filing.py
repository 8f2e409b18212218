"""/api/v1/complaints: filing and tracking complaints."""

from ninja import Router

router = Router(tags=["complaints"])
