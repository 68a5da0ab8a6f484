"""Background tasks shared by every app (django-tasks; immediate in the demo and tests)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text message through Django's configured e-mail backend."""
    return send_mail(subject, body, None, recipients, fail_silently=False)
