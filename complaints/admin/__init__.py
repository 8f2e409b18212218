"""Back office of the complaints app: one module per part, registered on import."""

from . import entitlement_tables, filing, regulators  # noqa: F401
