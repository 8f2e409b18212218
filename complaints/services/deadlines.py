"""What is due when: the statutory clocks of a complaint and its report part (domain.md §1, §4).

STUB written by the lead; helper "deadlines" replaces it with the real implementation.
"""

from __future__ import annotations


def complaint_due_set(complaint) -> None:
    """Set complaint.due_clock / due_date / due_provisional from its state (caller saves)."""


def report_due_set(report) -> None:
    """Set report.due_clock / due_date / due_provisional from its state (caller saves)."""
