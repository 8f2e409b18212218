"""A job used to test the enqueue seam: it records that it ran, idempotently."""

from service_net.models import ChangeRecord


def record_ran(marker: int) -> None:
    from django.utils import timezone

    ChangeRecord.objects.get_or_create(
        entity="test", entity_id=marker, action="tests.job.ran",
        defaults={"actor": "job", "at": timezone.now()})
