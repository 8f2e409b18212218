"""Recurring jobs, run by exactly one `manage.py rqcron config.cron` process in production.

rq's cron only enqueues; workers run the jobs, and every job here is idempotent, so a second
scheduler by mistake costs work, not correctness. The SQLite demo has no scheduler.
"""

from rq import cron

from service_net.coverage.tasks import coverage_sweep_job

# Coverage: authorizations that start or end today change coverage without any write.
cron.register(coverage_sweep_job, queue_name="default", cron="5 0 * * *")
