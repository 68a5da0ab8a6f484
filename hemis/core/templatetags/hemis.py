import datetime as dt

import phonenumbers
from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    """Whole minutes of a duration, for messages such as "wait 15 minutes"."""
    return int(value.total_seconds() // 60) if value else 0


@register.filter
def phone(value: str) -> str:
    """An E.164 number written for people: +18769221234 → +1 876-922-1234."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
