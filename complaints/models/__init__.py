"""Models of the complaints app, one module per part."""

from .calendar import HolidayDate, HolidayYear  # noqa: F401
from .entitlement_tables import (  # noqa: F401
    EntitlementCategory,
    EntitlementPart,
    EntitlementRuleSet,
    EntitlementTableChange,
)
from .filing import Channel, Complaint, ComplaintEvent, Evidence, Proof, ReportPart  # noqa: F401
from .notifications import Notification  # noqa: F401
from .odr import BusinessResponse  # noqa: F401
from .regulators import RegulatorProfile  # noqa: F401
