"""The complaint workflow's services: the only writers of a complaint's `status` (and of the
report part's). Each locks the row, checks complaints.rules.workflow, writes the event
(complaints.complaint.<action>), sets the next deadline and notifies, in one transaction.

Errors: a move the table refuses → Conflict (409) whose code is the refusal code; an action
decided on an older version of the complaint → ComplaintChanged (409, complaint_changed); bad input →
InvalidInput naming the field; another manufacturer's complaint → NotFound.
"""

from ._core import CONSUMER, SYSTEM, Actor, TransitionConflict  # noqa: F401
from .business import complaint_business_respond, complaint_mark_performed  # noqa: F401
from .consumer import (  # noqa: F401
    complaint_add_information,
    complaint_confirm_outcome,
    complaint_decline_outcome,
    complaint_escalate,
    complaint_withdraw,
)
from .regulator import (  # noqa: F401
    BulkResult,
    complaint_accept,
    complaint_assign,
    complaint_clock_pause,
    complaint_clock_resume,
    complaint_end_mediation,
    complaint_record_agreement,
    complaint_refuse,
    complaint_termination_notified,
    complaints_bulk_decide,
)
from .report import report_decide, report_extend, report_reporter_notified  # noqa: F401
from .system import complaint_flag_delay, complaint_route, complaint_route_new  # noqa: F401
from .versions import (  # noqa: F401
    ComplaintChanged,
    complaint_unchanged_since,
    complaint_version,
)
