"""Back office of the complaints app: one module per part, registered on import."""

from . import regulators  # noqa: F401
