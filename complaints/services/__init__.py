"""Writes of the complaints app, one module per part."""

from .entitlements import entitlement_assess, entitlement_tables_seed  # noqa: F401
from .filing import (  # noqa: F401
    Actor,
    Upload,
    complaint_add_information,
    complaint_confirm_outcome,
    complaint_file,
    complaint_withdraw,
    evidence_add,
    evidence_add_all,
    jurisdiction_derive,
)
from .regulators import REGULATOR_CAN_VIEW, regulator_create, regulators_group  # noqa: F401
from .workflow import (  # noqa: F401
    BulkResult,
    complaint_accept,
    complaint_assign,
    complaint_business_respond,
    complaint_clock_pause,
    complaint_clock_resume,
    complaint_decline_outcome,
    complaint_end_mediation,
    complaint_escalate,
    complaint_flag_delay,
    complaint_mark_performed,
    complaint_record_agreement,
    complaint_refuse,
    complaint_route,
    complaint_termination_notified,
    complaints_bulk_decide,
    report_decide,
    report_extend,
    report_reporter_notified,
)
