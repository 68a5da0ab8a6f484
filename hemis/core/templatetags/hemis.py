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


@register.inclusion_tag("core/includes/chart_scripts.html")
def chart_scripts() -> dict:
    """The scripts that draw `{% chart %}` elements; put once in a page's head block."""
    return {}


@register.inclusion_tag("core/includes/chart.html")
def chart(body: dict, label: str, chart_id: str = "") -> dict:
    """A chart drawn in the browser from a Vega-Lite specification, labelled for screen readers."""
    from hemis.core import charts

    chart_id = chart_id or f"chart-{id(body)}"
    return {"spec": charts.spec(body), "label": label, "spec_element_id": f"{chart_id}-spec"}
