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

cron.register(deadline_sweep_job, queue_name="default", cron="*/15 * * * *")
cron.register(deadlines_recompute_job, queue_name="default", cron="20 0 * * *")
