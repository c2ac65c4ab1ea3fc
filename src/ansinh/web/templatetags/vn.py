"""Vietnamese display helpers available in every template: money, dates, masking."""

from __future__ import annotations

import datetime as dt

from django import template

from ansinh.registry.masking import mask_id_number, mask_phone

register = template.Library()


def format_vnd(amount: int | None) -> str:
    """1855000 → '1.855.000 đ' (Vietnamese grouping with dots)."""
    if amount is None or amount == "":
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " đ"


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)


@register.filter
def ngay(value: dt.date | dt.datetime | None) -> str:
    """A date as dd/mm/yyyy (datetimes in local time)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


@register.filter
def so(value: int | None) -> str:
    """An integer with Vietnamese grouping: 12345 → '12.345'. Missing values (None, '') show as ''."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)
