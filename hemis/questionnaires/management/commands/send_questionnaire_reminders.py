"""`hemis send_questionnaire_reminders`: run daily (cron or a scheduler) to queue reminders."""

from django.core.management.base import BaseCommand

from hemis.questionnaires.tasks import send_campaign_reminders_task


class Command(BaseCommand):
    help = (
        "Queue reminder e-mails to the coordinators of states whose date for a questionnaire "
        "campaign is near and who have not submitted their reply."
    )

    def handle(self, *args, **options):
        result = send_campaign_reminders_task.enqueue()
        self.stdout.write(f"Reminders queued (task {result.id}).")
