import datetime as dt

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    """Whole minutes of a duration, for messages such as "wait 15 minutes"."""
    return int(value.total_seconds() // 60) if value else 0
