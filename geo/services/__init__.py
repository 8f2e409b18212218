"""Writes of the geo app."""

from .gazetteer import LoadReport, divisions_load_shipped  # noqa: F401
