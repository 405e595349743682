"""Locale rules the catalogs cannot hold as plain text: dates and ordinals per language.

The words themselves live in ``briefgen/catalogs/LANG.yaml``; what needs arithmetic or
agreement (an ordinal's gender, Chinese and Arabic number words, the order of day, month and
year) is here, one small function per language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

__all__ = ["Ordinal", "final_stop", "format_date", "ordinal"]

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    # UN Arabic documents name each month twice, Levantine/Iraqi then Egyptian/Maghrebi:
    # "5 كانون الأول/ديسمبر 2024".
    "ar": "كانون الثاني/يناير شباط/فبراير آذار/مارس نيسان/أبريل أيار/مايو حزيران/يونيه "
    "تموز/يوليه آب/أغسطس أيلول/سبتمبر تشرين الأول/أكتوبر تشرين الثاني/نوفمبر "
    "كانون الأول/ديسمبر",
}


def _month(base: str, month: int) -> str:
    names = _MONTHS[base]
    if base == "ar":  # two-word names ("كانون الأول/ديسمبر"): split after each slash pair
        parts = names.split()
        out: list[str] = []
        for part in parts:
            if out and "/" not in out[-1]:
                out[-1] += " " + part
            else:
                out.append(part)
        return out[month - 1]
    return names.split()[month - 1]


def format_date(date: dt.date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it; ISO for languages we have no rule for."""
    base = lang.split("-")[0]
    if base == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    if base not in _MONTHS:
        return date.isoformat()
    month = _month(base, date.month)
    if base == "ru":
        return f"{date.day} {month} {date.year} г."
    if base == "kk":
        return f"{date.year} жылғы {date.day} {month}"
    if base == "es":
        return f"{date.day} de {month} de {date.year}"
    if base == "fr":
        day = "1er" if date.day == 1 else str(date.day)
        return f"{day} {month} {date.year}"
    return f"{date.day} {month} {date.year}"


def _en(n: int, gender: str) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fr(n: int, gender: str) -> str:
    if n == 1:
        return "1er" if gender != "f" else "1re"
    return f"{n}e"


def _es(n: int, gender: str) -> str:
    return f"{n}.ª" if gender == "f" else f"{n}.º"


def _ru(n: int, gender: str) -> str:
    # "4-й цикл", "48-я сессия", "5-е заседание": the ending of the full word, shortened
    return f"{n}-{ {'f': 'я', 'n': 'е'}.get(gender, 'й') }"


def _kk(n: int, gender: str) -> str:
    # Digits plus a hyphen make an ordinal in Kazakh spelling ("4-цикл"); the noun follows
    # without a space, so the catalog writes "{cycle}цикл".
    return f"{n}-"


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """A number in Chinese numerals, 0-9999 (``48`` -> 四十八); digits beyond."""
    if not 0 <= n <= 9999:
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _ZH_DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def _zh(n: int, gender: str) -> str:
    return f"第{zh_number(n)}"


# Feminine / masculine ordinal adjectives with the article, nominative, as UN Arabic writes
# them: الجولة الرابعة، الدورة الثامنة والأربعون.
_AR_UNITS = {
    "f": [
        "الحادية",
        "الثانية",
        "الثالثة",
        "الرابعة",
        "الخامسة",
        "السادسة",
        "السابعة",
        "الثامنة",
        "التاسعة",
    ],
    "m": ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"],
}
_AR_FIRST = {"f": "الأولى", "m": "الأول"}
_AR_TENTH = {"f": ("العاشرة", "عشرة"), "m": ("العاشر", "عشر")}
_AR_TENS = [
    "العشرون",
    "الثلاثون",
    "الأربعون",
    "الخمسون",
    "الستون",
    "السبعون",
    "الثمانون",
    "التسعون",
]


def _ar(n: int, gender: str) -> str:
    g = "f" if gender == "f" else "m"
    if not 1 <= n <= 99:
        return str(n)
    units, tens = n % 10, n // 10
    if n == 1:
        return _AR_FIRST[g]
    if n == 10:
        return _AR_TENTH[g][0]
    if tens == 0:
        return _AR_UNITS[g][units - 1]
    if tens == 1:
        return f"{_AR_UNITS[g][units - 1]} {_AR_TENTH[g][1]}"
    if units == 0:
        return _AR_TENS[tens - 2]
    return f"{_AR_UNITS[g][units - 1]} و{_AR_TENS[tens - 2]}"


_ORDINALS: dict[str, Callable[[int, str], str]] = {
    "en": _en,
    "fr": _fr,
    "es": _es,
    "ru": _ru,
    "kk": _kk,
    "zh": _zh,
    "ar": _ar,
}


GENDERS = ("m", "f", "n")
"""The genders an ordinal agrees with: ``{cycle:f}`` in a catalog's wording."""


def ordinal(number: int, lang: str, gender: str = "m") -> str:
    """``4`` as an ordinal in ``lang``: 4th, 4e, 4.º, 4-й, 4-, 第四, الرابع; ``gender`` is
    ``m``, ``f`` or ``n`` where the language agrees with its noun. The number itself for
    languages without a rule."""
    rule = _ORDINALS.get(lang.split("-")[0])
    return rule(number, gender) if rule else str(number)


class Ordinal:
    """An ordinal for a ``{placeholder}`` of the catalogs: ``{cycle}``, or ``{cycle:f}`` for
    the feminine form (``format`` passes the part after the colon as the gender)."""

    def __init__(self, number: int, lang: str) -> None:
        self.number = number
        self.lang = lang

    def __format__(self, spec: str) -> str:
        return ordinal(self.number, self.lang, spec or "m")

    def __str__(self) -> str:
        return ordinal(self.number, self.lang)


_STOPS = ".!?。！？"


def final_stop(text: str) -> tuple[str, str]:
    """``text`` split before its closing full stop (or ! ?), as UN documents place the
    recommending states inside the sentence: "... obligations" + " (Spain)" + "."."""
    body = text.rstrip()
    if body and body[-1] in _STOPS and not body.endswith(".."):
        return body[:-1], body[-1]
    return text, ""
