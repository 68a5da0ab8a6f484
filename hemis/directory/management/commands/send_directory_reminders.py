"""`hemis send_directory_reminders`: run daily (cron or a scheduler) to queue reminders."""

from django.core.management.base import BaseCommand

from hemis.directory.tasks import send_directory_reminders_task


class Command(BaseCommand):
    help = "Queue reminder e-mails to coordinators whose directory entries are nearly out of date."

    def handle(self, *args, **options):
        result = send_directory_reminders_task.enqueue()
        self.stdout.write(f"Reminders queued (task {result.id}).")
