from django_tasks import task

from hemis.directory.reminders import send_directory_reminders


@task()
def send_directory_reminders_task() -> int:
    """Queued daily (see `hemis send_directory_reminders`)."""
    return send_directory_reminders()


@task()
def prepare_edition_task(edition_pk: int) -> None:
    """Render and store a requested PDF edition of the whole directory."""
    from hemis.directory.edition import prepare

    prepare(edition_pk)
