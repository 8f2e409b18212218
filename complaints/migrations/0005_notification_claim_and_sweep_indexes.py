"""Notification.claimed_at (a row left `sending` by a dead worker is put back by the sweep); the
report part's due-date index for the deadline sweep; Complaint.received_at for the console's
repeated-respondent signal and the disclosure figures."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0004_workflow"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="claimed at"),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["received_at"], name="complaint_received_idx"),
        ),
        migrations.AddIndex(
            model_name="reportpart",
            index=models.Index(condition=models.Q(("due_date__isnull", False)),
                               fields=["due_date"], name="report_due_idx"),
        ),
    ]
