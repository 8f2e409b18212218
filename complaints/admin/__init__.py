"""Back office of the complaints app: one module per part, registered on import."""

from . import calendar, entitlement_tables, filing, notifications, regulators  # noqa: F401
