"""A job used to test the enqueue seam: it records that it ran, idempotently."""

from complaints.notify.sms import SmsBackend
from service_net.models import ChangeRecord


def record_ran(marker: int) -> None:
    from django.utils import timezone

    ChangeRecord.objects.get_or_create(
        entity="test", entity_id=marker, action="tests.job.ran",
        defaults={"actor": "job", "at": timezone.now()})


# --- for the fault tests: a job and an SMS gateway that block until the test releases them ---

RELEASE_KEY = "tests:outbox:release"


def _record(action: str, marker: int, **after) -> None:
    from django.utils import timezone

    ChangeRecord.objects.create(entity="test", entity_id=marker, action=action, actor="job",
                                at=timezone.now(), after=after or None)


def _wait_for_release(deadline_seconds: float = 120) -> None:
    """Poll Redis for RELEASE_KEY: a worker killed meanwhile never gets past this."""
    import time

    import django_rq

    redis = django_rq.get_connection("default")
    deadline = time.monotonic() + deadline_seconds
    while not redis.exists(RELEASE_KEY):
        if time.monotonic() > deadline:
            raise TimeoutError("the test never released the job")
        time.sleep(0.05)


def block_then_insert(marker: int) -> None:
    """Record "started", wait for the release, then the effect: an INSERT under a unique
    constraint (auth_group.name), so a second effect would fail loudly, not pass unseen."""
    from django.contrib.auth.models import Group

    _record("tests.job.started", marker)
    _wait_for_release()
    Group.objects.create(name=f"outbox-effect-{marker}")


class BlockingSmsBackend(SmsBackend):
    """An SMS gateway for a worker subprocess: records the attempt and each delivery in the
    database (the test cannot see the worker's memory), and waits for the release between."""

    def send(self, *, phone: str, text: str) -> None:
        _record("tests.sms.sending", 0)
        _wait_for_release()
        _record("tests.sms.sent", 0, text_length=len(text))


def fail_first(marker: int, *, times: int = 1) -> str:
    """Raises (with a phone number in its text, as a gateway's error might) on its first `times`
    runs, then records that it ran."""
    _record("tests.job.attempt", marker)
    attempts = ChangeRecord.objects.filter(entity="test", entity_id=marker,
                                           action="tests.job.attempt").count()
    if attempts <= times:
        raise ValueError("gateway refused 13893512345")
    record_ran(marker)
    return "ran"
