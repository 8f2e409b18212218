"""Recurring jobs, run by exactly one `manage.py rqcron config.cron` process in production.

rq's cron only enqueues; workers run the jobs, and every job here is idempotent, so a second
scheduler by mistake costs work, not correctness. The SQLite demo has no scheduler.
"""

from rq import cron

from service_net.coverage.tasks import coverage_sweep_job

# Coverage: authorizations that start or end today change coverage without any write.
cron.register(coverage_sweep_job, queue_name="default", cron="5 0 * * *")

# Complaints: statutory clocks due by tomorrow (reminders, ODR escalation, mediation time limit,
# deliberate delay) and notifications left `sending` by a dead worker; and, daily, provisional
# due dates once the holiday schedule is known.
from complaints.tasks import deadline_sweep_job, deadlines_recompute_job  # noqa: E402

# Every 15 minutes from the scheduler's start, and once at the start itself: rq's cron runs an
# `interval` job at once when the scheduler starts (a `cron=` job only at its next tick). After the
# scheduler was down, that first run catches up: the sweep works from the rows' due dates, not
# from when it last ran, and queues every missed deadline once, earliest due first
# (tests/integration/test_fault_scheduler_down.py).
cron.register(deadline_sweep_job, queue_name="default", interval=15 * 60)
cron.register(deadlines_recompute_job, queue_name="default", cron="20 0 * * *")

# Jobs: push again outbox rows whose push failed (Redis was down), whose RQ entry was lost or
# whose worker died mid-job (config.outbox.relay; idempotent, rows locked with SKIP LOCKED).
# Every minute, and at the scheduler's start.
from config.outbox import outbox_relay_job  # noqa: E402

cron.register(outbox_relay_job, queue_name="default", interval=60)
