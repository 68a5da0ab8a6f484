from django_tasks import task

from hemis.questionnaires.reminders import send_campaign_reminders


@task()
def send_campaign_reminders_task() -> int:
    """Queued daily (see `hemis send_questionnaire_reminders`)."""
    return send_campaign_reminders()


@task()
def prepare_annex_parts_task(reply_id: int) -> int:
    """Lay out a shared reply's pages of the report PDF's annex, ahead of downloads."""
    from hemis.questionnaires.report.pdf import prepare_annex_parts

    return prepare_annex_parts(reply_id)
