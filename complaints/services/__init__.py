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
