"""Models of the complaints app, one module per part."""

from .entitlement_tables import (  # noqa: F401
    EntitlementCategory,
    EntitlementPart,
    EntitlementRuleSet,
    EntitlementTableChange,
)
from .filing import Channel, Complaint, ComplaintEvent, Evidence, Proof, ReportPart  # noqa: F401
from .regulators import RegulatorProfile  # noqa: F401
