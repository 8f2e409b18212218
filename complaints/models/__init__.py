"""Models of the complaints app, one module per part."""

from .regulators import RegulatorProfile  # noqa: F401
