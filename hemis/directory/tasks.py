from django_tasks import task

from hemis.directory.reminders import send_directory_reminders


@task()
def send_directory_reminders_task() -> int:
    """Queued daily (see `hemis send_directory_reminders`)."""
    return send_directory_reminders()
