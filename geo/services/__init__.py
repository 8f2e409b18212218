"""Writes of the geo app."""

from .divisions_import import DivisionsImportReport, divisions_import  # noqa: F401
from .gazetteer import LoadReport, divisions_load_shipped  # noqa: F401
from .gazetteer_memory import gazetteer_changed, loaded_gazetteer  # noqa: F401
