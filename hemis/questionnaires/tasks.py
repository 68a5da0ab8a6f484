from django_tasks import task

from hemis.questionnaires.reminders import send_campaign_reminders


@task()
def send_campaign_reminders_task() -> int:
    """Queued daily (see `hemis send_questionnaire_reminders`)."""
    return send_campaign_reminders()
