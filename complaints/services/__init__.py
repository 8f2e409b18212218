"""Writes of the complaints app, one module per part."""

from .regulators import REGULATOR_CAN_VIEW, regulator_create, regulators_group  # noqa: F401
