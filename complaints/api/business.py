"""API: business (stub router written by the lead; its helper fills it in)."""

from ninja import Router

router = Router(tags=["business"])
