"""Locale data the themes do not carry: month names and ordinals for dates and reviews."""

from __future__ import annotations

import datetime as dt

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}


def format_date(date: dt.date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it; ISO for languages we have no names for."""
    base = lang.split("-")[0]
    months = _MONTHS.get(base)
    if months is None:
        return date.isoformat()
    month = months.split()[date.month - 1]
    if base == "ru":
        return f"{date.day} {month} {date.year} г."
    if base == "kk":
        return f"{date.year} жылғы {date.day} {month}"
    if base == "en":
        return f"{date.day} {month} {date.year}"
    return f"{date.day} {month} {date.year}"


def ordinal(number: int, lang: str) -> str:
    """``4`` -> ``4th`` in English; other languages put the suffix in the theme wording."""
    if lang.split("-")[0] != "en":
        return str(number)
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
