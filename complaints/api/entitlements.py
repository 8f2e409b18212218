"""POST /api/v1/entitlements/assess: what 三包 and no-reason-return law gives the consumer."""

from ninja import Router

router = Router(tags=["entitlements"])
