"""What people type, read as values: amounts, numbers, percentages and dates. Pure functions.

:func:`read` turns typed text into the value stored in a plan, or says in one sentence why it
cannot yet (the wizard then keeps the text as a draft, never a fragment of it). It accepts what
people say in a room: ``250k``, ``1.5m``, ``£180,000``, ``2 500 000``, ``12 %``, ``Feb 2027``,
``14 March 2026``; forms that could mean two different things (``1.234,50``, ``03/04/2026``) are
refused with the form to use instead. :func:`describe` shows a stored value the way people read
it, :func:`echo` what a field shows beside the text it read (``= Fri 11 Dec 2026``),
:func:`type_problem` says why a value found in a file cannot hold a question's kind, and
:func:`as_date` reads a stored date. The help screen and the README list the accepted forms.

Dates are stored as ``YYYY-MM-DD``, months as ``YYYY-MM``. The forms read, after case and spaces
are folded (``today`` is :func:`current_day`: the local date, or the day ``SOURCE_DATE_EPOCH``
pins)::

    written in full    2026-03-14 | 2026/3/14 | 14 March 2026 | 14th Mar 2026 | March 14, 2026
                       | 14/03/2026 (refused when the day and month could be swapped)
                       | end of March 2027 (its last day)
    a month            2027-02 | 02/2027 | Feb 2027 | February 2027
    a weekday first    Fri 11 Dec 2026 | Friday, 11 December 2026 (the weekday must be right)
    from today         today | tomorrow | yesterday
                       | Friday | this Friday (the coming one: today on a Friday)
                       | next Friday (the one after that: 7 to 13 days away)
                       | last Friday (the one before today: 1 to 7 days ago)
                       | in 2 days | in 3 weeks | in a month | in two years (digits, a, one..twelve)
                       | 3 days ago | 2 weeks ago | a month ago | one year ago
                       | end of month | end of the month | end of next month | end of year
                       | 15 Jan | 15th January | Jan 15 | January 15th (Jan 27 is 27 January)
                       | end of March (its last day)
    a month from today March | Mar | this month | next month | last month

A month added or taken away keeps the day of the month, or takes the month's last day when it is
shorter (31 January + 1 month = 28 February). A day or a month named without its year is the
nearest one, past or future (exactly half a year either way: the later one); for a due date
(``read(..., due=True)``) it is the next one on or after today. A quarter (``Q3 2027``) is refused
with the month to give instead. Text not typed just now (``relative=False``: values in a plan
file, drafts kept from another day) is never dated from today: a form that needs today is
refused, so a file's ``next Friday`` is not moved every time the plan is opened.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from msgspec import Struct

NUMERIC_KINDS = ("number", "money", "percent")
TEXT_KINDS = ("text", "long_text", "person")

LIMIT = Decimal(10) ** 15
"""Amounts and numbers beyond this (a quadrillion) are taken as a typing mistake."""


class _Pattern:
    """A regular expression compiled when first used: this module is imported at every start,
    and most starts read no amount or date (its 25 patterns take about 3 ms to compile)."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def match(self, string: str) -> re.Match[str] | None:
        return self._get().match(string)

    def search(self, string: str) -> re.Match[str] | None:
        return self._get().search(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str) -> str:
        return self._get().sub(repl, string)


_SPACES = _Pattern(r"[\s\u00a0\u2007\u2009\u202f]+")
_GROUP = _Pattern(r"(?<=\d)[ _'’](?=\d{3}(?!\d))")
_MULTIPLIERS = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "mio": 6,
    "million": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
}
_MULTIPLIER = _Pattern(
    r"\s*(" + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True)) + r")\.?$", re.IGNORECASE
)
_DOLLAR = ("USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "TWD")
SYMBOLS: dict[str, tuple[str, ...]] = {
    "US$": ("USD",),
    "A$": ("AUD",),
    "AU$": ("AUD",),
    "C$": ("CAD",),
    "CA$": ("CAD",),
    "NZ$": ("NZD",),
    "S$": ("SGD",),
    "HK$": ("HKD",),
    "R$": ("BRL",),
    "$": _DOLLAR,
    "£": ("GBP",),
    "€": ("EUR",),
    "¥": ("JPY", "CNY"),
    "₹": ("INR",),
    "₩": ("KRW",),
    "₽": ("RUB",),
    "₺": ("TRY",),
    "₪": ("ILS",),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "zł": ("PLN",),
}
"""Currency signs and the ISO 4217 codes each may stand for."""
_SIGN = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_LEADING_CURRENCY = _Pattern(rf"^({_SIGN}|[A-Za-z]{{3}}(?![A-Za-z]))\s*", re.IGNORECASE)
_TRAILING_CURRENCY = _Pattern(rf"\s*({_SIGN}|(?<![A-Za-z])[A-Za-z]{{3}})$", re.IGNORECASE)
_PERCENT = _Pattern(r"\s*(%|percent|per cent|pct)$", re.IGNORECASE)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS |= {name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS["sept"] = 9
_ISO_DAY = _Pattern(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_ISO_MONTH = _Pattern(r"^(\d{4})[-/.](\d{1,2})$")
_DAY_MONTH_YEAR = _Pattern(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = _Pattern(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_YEAR = _Pattern(r"^([a-z]+)\.?,?\s+(\d{4})$")
_NUMERIC_DATE = _Pattern(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")
_NUMERIC_MONTH = _Pattern(r"^(\d{1,2})[/.-](\d{4})$")
_STORED_DAY = _Pattern(r"^\d{4}-\d{2}-\d{2}$")
_STORED_MONTH = _Pattern(r"^\d{4}-\d{2}$")
YEARS = range(1900, 2201)

DATE_FORMS = (
    "2026-03-14, 14 March 2026, 15 Jan, next Friday, in 2 weeks, end of month, Feb 2027 "
    "or next month"
)
FORMATS = {
    "money": "250000, 250,000, 250k, 1.5m or £180,000",
    "number": "4000, 4,000, 4 000 or 4k",
    "percent": "12, 12% or 12.5 %",
    "date": DATE_FORMS,
}
"""The forms each kind accepts, for hints and help."""
EXAMPLES = {
    "money": "250k, 1.5m or 180,000",
    "number": "4000 or 4k",
    "percent": "12 or 12.5%",
    "date": "15 Jan 2027, next Friday or Feb 2027",
}
"""Short examples for messages that must fit on one line."""


class Reading(Struct, frozen=True):
    """What a typed text means for a kind: a value (None for empty text) or a problem."""

    value: Any = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def read(
    kind: str,
    raw: str,
    currency: str = "",
    *,
    today: dt.date | None = None,
    due: bool = False,
    relative: bool = True,
) -> Reading:
    """Read *raw* as an answer of *kind*; *currency* is the plan's (a code such as GBP, or "").

    For dates: *today* is the day ``tomorrow`` or ``next Friday`` count from (by default
    :func:`current_day`); with *due*, a day named without its year (``15 Jan``) is the next one
    on or after today, as a deadline is, rather than the nearest. *relative* False is for text
    not typed just now (found in a file, or a draft kept from another day): a form that counts
    from today is then refused, never dated to the day it happens to be read.
    """
    text = raw.strip()
    if not text:
        return Reading(None)
    if kind == "date":
        return _read_date(text, today or current_day(), due=due, relative=relative)
    if kind in NUMERIC_KINDS:
        return _read_numeric(kind, text, currency)
    return Reading(raw)


# --- Numbers, amounts, percentages ----------------------------------------------------------------


def currency_code(value: str) -> str:
    """A plan's currency as a code: ``gbp`` → ``GBP``, ``£`` → ``GBP``; other text as written."""
    text = " ".join(value.split())
    codes = SYMBOLS.get(text) or SYMBOLS.get(text.lower())
    if codes and len(codes) == 1:
        return codes[0]
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    return text


def _codes(token: str) -> tuple[str, ...]:
    return SYMBOLS.get(token) or SYMBOLS.get(token.lower()) or (token.upper(),)


def _read_numeric(kind: str, text: str, currency: str) -> Reading:
    quoted = f"'{text}'"
    body = _SPACES.sub(" ", text)
    named: list[str] = []
    if kind == "money":
        body, named = _take_currencies(body)
    if kind == "percent":
        body = _PERCENT.sub("", body)
    exponent = 0
    match = _MULTIPLIER.search(body)
    if match and kind != "percent" and re.search(r"\d", body[: match.start()]):
        exponent = _MULTIPLIERS[match.group(1).lower()]
        body = body[: match.start()]
    what = {"money": "an amount", "percent": "a percentage"}.get(kind, "a number")
    number, problem = _read_decimal(body.strip(), money=kind == "money" and not exponent)
    if problem:
        return Reading(problem=f"{quoted} {problem}")
    if number is None:
        return Reading(problem=f"{quoted} is not {what} (try {EXAMPLES[kind]})")
    number = number.scaleb(exponent)
    if kind in ("money", "percent") and number < 0:
        return Reading(problem=f"{quoted}: {what} cannot be negative")
    if kind == "percent" and number > 100:
        return Reading(problem=f"{quoted}: a percentage is at most 100")
    if abs(number) >= LIMIT:
        return Reading(problem=f"{quoted} is too large to be {what}; check the digits")
    if named:
        problem = _currency_problem(quoted, named, currency)
        if problem:
            return Reading(problem=problem)
    return Reading(_plain_number(number))


def _take_currencies(body: str) -> tuple[str, list[str]]:
    """Strip a currency sign or code from either end; return what is left and what was named."""
    named: list[str] = []
    trailing = _TRAILING_CURRENCY.search(body)
    if trailing and trailing.group(1).lower() not in _MULTIPLIERS:
        named.append(trailing.group(1))
        body = body[: trailing.start()]
    leading = _LEADING_CURRENCY.match(body)
    if leading and leading.group(1).lower() not in _MULTIPLIERS:
        named.append(leading.group(1))
        body = body[leading.end() :]
    return body.strip(), named


def _currency_problem(quoted: str, named: list[str], currency: str) -> str | None:
    plan = currency_code(currency) if currency.strip() else ""
    if not plan:
        return (
            f"{quoted} names a currency, but the plan has none yet: "
            "type the amount alone, or give the plan's currency first"
        )
    for token in named:
        if plan not in _codes(token) and token != currency.strip():
            shown = token.upper() if token.isalpha() else token
            return f"{quoted} is in {shown}, but the plan is in {plan} (no conversion is done)"
    return None


def _read_decimal(text: str, *, money: bool) -> tuple[Decimal | None, str | None]:
    """A plain decimal from digits with thousands groups; or a problem for ambiguous forms."""
    sign = ""
    if text and text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:].strip()
    text = _GROUP.sub("", text)
    if not text or not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        return None, None
    # A comma as the decimal mark, as much of Europe writes it.
    european = text.replace(".", "").replace(",", ".", 1) if text.count(",") == 1 else ""
    if "," in text and "." in text:
        if text.rindex(".") > text.rindex(",") and re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", text):
            text = text.replace(",", "")
        else:
            return None, (
                f"could mean two numbers; write {european or 'it'} with a dot for decimals "
                "and commas only between thousands"
            )
    elif "," in text:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            return None, (
                f"could mean two numbers; write {european or 'it'} with a dot for decimals "
                "and commas only between thousands"
            )
        text = text.replace(",", "")
    elif text.count(".") > 1:
        whole = text.replace(".", "")
        return None, f"uses dots between thousands; write {whole} or {int(whole):,}"
    elif money and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", text):
        whole = text.replace(".", "")
        return None, f"could mean {whole} or {text}; write {whole} or {int(whole):,} for the first"
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
        return None, None
    try:
        return Decimal(sign + text), None
    except InvalidOperation:  # pragma: no cover - the pattern above rules this out
        return None, None


def _plain_number(number: Decimal) -> int | float:
    if number == number.to_integral_value():
        return int(number)
    return float(number)


# --- Dates ----------------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUMBERS = {name.lower(): n for n, name in enumerate(WEEKDAYS)}
_WEEKDAY_NUMBERS |= {name[:3].lower(): n for n, name in enumerate(WEEKDAYS)}
_WEEKDAY_NUMBERS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNTS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_WHICH = {"this": 0, "next": 1, "last": -1}
_ON_WEEKDAY = _Pattern(r"^(?:(this|next|last) )?([a-z]+)\.?$")
_WHICH_MONTH = _Pattern(r"^(this|next|last) month$")
_IN = _Pattern(r"^in (\d{1,4}|[a-z]+) (day|week|month|year)s?$")
_AGO = _Pattern(r"^(\d{1,4}|[a-z]+) (day|week|month|year)s? ago$")
_END_OF = _Pattern(r"^end of (?:the )?(?:(this|next) )?(month|year)$")
_END_OF_NAMED = _Pattern(r"^end of ([a-z]+)\.?(?:,? (\d{4}))?$")
_DAY_MONTH = _Pattern(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?$")
_MONTH_DAY = _Pattern(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?$")
_NAMED_DAY = _Pattern(r"^([a-z]+)\.?,? (?=\S)")
_QUARTER = _Pattern(r"^(?:q([1-4])(?: ?[-/]? ?(\d{4}))?|(\d{4}) ?[-/]? ?q([1-4]))$")


def current_day() -> dt.date:
    """Today, as dates typed from today count it: the local date. ``SOURCE_DATE_EPOCH``
    (seconds since 1970) pins it, read as a UTC date as :func:`insight.current_date` reads it,
    so a pinned day is the same day in every time zone (the tests pin it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            pass
    return dt.date.today()


def _read_date(text: str, today: dt.date, *, due: bool, relative: bool) -> Reading:
    quoted = f"'{text}'"
    lowered = " ".join(text.lower().split())
    reading, spoken = _parse_date(quoted, lowered, today, due)
    if spoken and reading.ok and not relative:
        return Reading(
            problem=f"{quoted} depends on the day it was typed; give the date itself "
            "(e.g. 2026-03-14 or Feb 2027)"
        )
    return reading


def _parse_date(quoted: str, lowered: str, today: dt.date, due: bool) -> tuple[Reading, bool]:
    """The reading of *lowered*, and whether it counted from *today*."""
    written = _read_written(quoted, lowered)
    if written is not None:
        return written, False
    named = _NAMED_DAY.match(lowered)
    if named and named.group(1) in _WEEKDAY_NUMBERS:
        reading, relative = _parse_date(quoted, lowered[named.end() :], today, due)
        return _check_weekday(quoted, reading, _WEEKDAY_NUMBERS[named.group(1)]), relative
    spoken = _read_spoken(quoted, lowered, today, due)
    if spoken is not None:
        return spoken, True
    if match := _QUARTER.match(lowered):
        quarter = int(match.group(1) or match.group(4))
        year = int(match.group(2) or match.group(3) or today.year)
        first = MONTHS[(quarter - 1) * 3][:3]
        return Reading(problem=f"{quoted} is a quarter: give a month, e.g. {first} {year}"), False
    return Reading(problem=f"{quoted} is not a date (try {EXAMPLES['date']})"), False


def _read_written(quoted: str, lowered: str) -> Reading | None:
    """A date written in full (with its year), or None when *lowered* is not one."""
    month_only = False
    day: int | None = None
    if match := _ISO_DAY.match(lowered):
        year, month, day = (int(g) for g in match.groups())
    elif match := _ISO_MONTH.match(lowered):
        year, month = int(match.group(1)), int(match.group(2))
        month_only = True
    elif match := _DAY_MONTH_YEAR.match(lowered):
        day, month, year = int(match.group(1)), _month(match.group(2)), int(match.group(3))
    elif match := _MONTH_DAY_YEAR.match(lowered):
        month, day, year = _month(match.group(1)), int(match.group(2)), int(match.group(3))
    elif match := _MONTH_YEAR.match(lowered):
        month, year = _month(match.group(1)), int(match.group(2))
        month_only = True
    elif match := _NUMERIC_MONTH.match(lowered):
        month, year = int(match.group(1)), int(match.group(2))
        month_only = True
    elif match := _NUMERIC_DATE.match(lowered):
        first, second, year = (int(g) for g in match.groups())
        return _read_numeric_date(quoted, first, second, year, match.group(3))
    elif (match := _END_OF_NAMED.match(lowered)) and match.group(2) and _month(match.group(1)):
        month, year = _month(match.group(1)), int(match.group(2))
        day = _last_day(year, month) if year in YEARS else 1
    else:
        return None
    if month == 0:
        return Reading(problem=f"{quoted}: unknown month (try {EXAMPLES['date']})")
    return _make_date(quoted, year, month, None if month_only else day)


def _read_spoken(quoted: str, lowered: str, today: dt.date, due: bool) -> Reading | None:
    """A date said from today (``next Friday``, ``15 Jan``), or None when *lowered* is not one."""
    if lowered in _RELATIVE_DAYS:
        return _day(quoted, today + dt.timedelta(days=_RELATIVE_DAYS[lowered]))
    if match := _ON_WEEKDAY.match(lowered):
        which, word = match.groups()
        if word in _WEEKDAY_NUMBERS:
            ahead = (_WEEKDAY_NUMBERS[word] - today.weekday()) % 7
            if which == "next":
                ahead += 7
            elif which == "last":
                ahead = -((today.weekday() - _WEEKDAY_NUMBERS[word]) % 7 or 7)
            return _day(quoted, today + dt.timedelta(days=ahead))
        if which is None and _month(word):
            year, month = _nearest_month(today, _month(word), due)
            return _make_date(quoted, year, month, None)
    if match := _WHICH_MONTH.match(lowered):
        year, month = _months_on(today, _WHICH[match.group(1)])
        return _make_date(quoted, year, month, None)
    if match := _END_OF.match(lowered):
        ahead = 1 if match.group(1) == "next" else 0
        if match.group(2) == "year":
            return _make_date(quoted, today.year + ahead, 12, 31)
        year, month = _months_on(today, ahead)
        return _make_date(quoted, year, month, _last_day(year, month))
    if (match := _END_OF_NAMED.match(lowered)) and _month(match.group(1)):
        year, month = _nearest_month(today, _month(match.group(1)), due)
        return _make_date(quoted, year, month, _last_day(year, month))
    if match := _IN.match(lowered) or _AGO.match(lowered):
        count = _count(match.group(1))
        if count is None:
            return None
        sign = -1 if lowered.endswith(" ago") else 1
        when = _shifted(today, sign * count, match.group(2))
        if when is None:
            return Reading(problem=f"{quoted} is too far from today; check the number")
        return _day(quoted, when)
    if match := _DAY_MONTH.match(lowered):
        day, month = int(match.group(1)), _month(match.group(2))
    elif match := _MONTH_DAY.match(lowered):
        month, day = _month(match.group(1)), int(match.group(2))
    else:
        return None
    if not month:
        return None
    when = _nearest_day(today, month, day, due)
    if when is None:
        return Reading(problem=f"{quoted}: there is no {day} {MONTHS[month - 1]}")
    return _day(quoted, when)


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _COUNTS.get(word)


def _last_day(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _months_on(today: dt.date, months: int) -> tuple[int, int]:
    """The year and month *months* after today's (before, when negative)."""
    year, index = divmod(today.year * 12 + today.month - 1 + months, 12)
    return year, index + 1


def _shifted(today: dt.date, count: int, unit: str) -> dt.date | None:
    """*count* days, weeks, months or years from *today*; None when that is no date at all."""
    if unit in ("day", "week"):
        try:
            return today + dt.timedelta(days=count * (7 if unit == "week" else 1))
        except OverflowError:
            return None
    year, month = _months_on(today, count * (12 if unit == "year" else 1))
    if year not in YEARS:
        return None
    return dt.date(year, month, min(today.day, _last_day(year, month)))


def _nearest_month(today: dt.date, month: int, due: bool) -> tuple[int, int]:
    """The year of *month* named alone: the nearest (ties: the later), or for a due date the
    next one from today's month on."""
    now = today.year * 12 + today.month - 1
    options = [year * 12 + month - 1 for year in (today.year - 1, today.year, today.year + 1)]
    if due:
        chosen = min(i for i in options if i >= now)
    else:
        chosen = min(options, key=lambda i: (abs(i - now), i < now))
    return chosen // 12, chosen % 12 + 1


def _nearest_day(today: dt.date, month: int, day: int, due: bool) -> dt.date | None:
    """The day *day* of *month* named without a year: the nearest (ties: the later), or for a
    due date the next one on or after today. None when no year has it."""
    options = [
        dt.date(year, month, day)
        for year in range(today.year - 4, today.year + 9)  # (29 February: 2096, then 2104)
        if _valid(year, month, day)
    ]
    if not options:
        return None
    if due:
        return min((d for d in options if d >= today), default=None)
    return min(options, key=lambda d: (abs((d - today).days), d < today))


def _day(quoted: str, when: dt.date) -> Reading:
    return _make_date(quoted, when.year, when.month, when.day)


def _check_weekday(quoted: str, reading: Reading, weekday: int) -> Reading:
    """*reading* of a date said with its weekday first, if that is the date's weekday."""
    if not reading.ok or reading.value is None:
        return reading
    if _STORED_MONTH.match(reading.value):
        return Reading(problem=f"{quoted}: a weekday goes with a day (try {EXAMPLES['date']})")
    when = dt.date.fromisoformat(reading.value)
    if when.weekday() != weekday:
        said = f"{when.day} {MONTHS[when.month - 1]} {when.year}"
        return Reading(problem=f"{quoted}: {said} is a {WEEKDAYS[when.weekday()]}")
    return reading


def _month(name: str) -> int:
    return _MONTH_NUMBERS.get(name.rstrip("."), 0)


def _read_numeric_date(quoted: str, first: int, second: int, year: int, typed: str) -> Reading:
    if len(typed) != 4:
        return Reading(problem=f"{quoted}: write the year in full (try {EXAMPLES['date']})")
    day_first = 1 <= second <= 12 and _valid(year, second, first)
    month_first = 1 <= first <= 12 and _valid(year, first, second)
    if day_first and month_first and first != second:
        one = f"{first} {MONTHS[second - 1]}"
        other = f"{second} {MONTHS[first - 1]}"
        return Reading(
            problem=(
                f"{quoted} could be {one} or {other} {year}; write it like "
                f"{year}-{second:02d}-{first:02d} or {one} {year}"
            )
        )
    if not (day_first or month_first):
        return Reading(problem=f"{quoted} is not a date (try {EXAMPLES['date']})")
    if day_first:
        return _make_date(quoted, year, second, first)
    return _make_date(quoted, year, first, second)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _make_date(quoted: str, year: int, month: int, day: int | None) -> Reading:
    if year not in YEARS:
        return Reading(problem=f"{quoted}: the year {year} looks mistyped")
    if not 1 <= month <= 12:
        return Reading(problem=f"{quoted}: there is no month {month} (try {EXAMPLES['date']})")
    if day is None:
        return Reading(f"{year:04d}-{month:02d}")
    if not _valid(year, month, day):
        return Reading(problem=f"{quoted}: there is no {day} {MONTHS[month - 1]} {year}")
    return Reading(f"{year:04d}-{month:02d}-{day:02d}")


def as_date(value: Any) -> dt.date | None:
    """A stored date answer as a date: ``YYYY-MM-DD``, or ``YYYY-MM`` as the month's first day."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _STORED_DAY.match(text):
            return dt.date.fromisoformat(text)
        if _STORED_MONTH.match(text):
            return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        return None
    return None


# --- Showing values -------------------------------------------------------------------------------


def format_number(value: Any, kind: str, currency: str = "") -> str:
    """A number as people read it: thousands separators, a currency code, a percent sign."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        money = kind == "money"
        shown = f"{value:,.2f}" if money else f"{value:,.6f}".rstrip("0").rstrip(".")
    else:
        shown = f"{int(value):,}"
    if kind == "money":
        return f"{currency} {shown}".strip()
    if kind == "percent":
        return f"{shown}%"
    return shown


def describe(kind: str, value: Any, currency: str = "") -> str:
    """A stored value the way people say it: ``GBP 250,000``, ``12.5%``, ``1 February 2027``."""
    if kind in NUMERIC_KINDS:
        return format_number(value, kind, currency_code(currency) if currency else "")
    if kind == "date":
        when = as_date(value)
        if when is None:
            return str(value)
        if isinstance(value, str) and _STORED_MONTH.match(value.strip()):
            return f"{MONTHS[when.month - 1]} {when.year}"
        return f"{when.day} {MONTHS[when.month - 1]} {when.year}"
    return str(value)


def echo(kind: str, value: Any, currency: str = "") -> str:
    """What a field shows beside the text it read: a day with its weekday (``Fri 11 Dec 2026``,
    so a wrong guess shows at once), a month in words (``March 2027``), else :func:`describe`.
    :func:`read` reads it back as the same value."""
    if kind == "date" and not (isinstance(value, str) and _STORED_MONTH.match(value.strip())):
        when = as_date(value)
        if when is not None:
            weekday, month = WEEKDAYS[when.weekday()][:3], MONTHS[when.month - 1][:3]
            return f"{weekday} {when.day} {month} {when.year}"
    return describe(kind, value, currency)


def editable(kind: str, value: Any) -> str:
    """How a stored value is put back into a one-line field for editing."""
    if value is None:
        return ""
    if kind in NUMERIC_KINDS and isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, "number")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


# --- Values found in files ------------------------------------------------------------------------


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.datetime | dt.time):
        return "a time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a value of another type"


_NEEDS = {
    "number": "a number",
    "money": "an amount (a number)",
    "percent": "a percentage (a number)",
    "date": 'a date (text such as "2026-03-14")',
    "text": "text",
    "long_text": "text",
    "person": "text",
    "choice": "one choice (text)",
    "multi_choice": "a list of choices",
    "checklist": "a table with status, owner and evidence",
    "list": "a list of rows",
}


def type_problem(kind: str, value: Any) -> str | None:
    """Why *value*, found in a plan file, cannot hold an answer of *kind*; None when it can.

    Only the shape counts: a choice the bank does not offer is still a choice, and kept.
    """
    fits: bool
    if kind in NUMERIC_KINDS:
        fits = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind == "date":
        if isinstance(value, str) and as_date(value) is None:
            return f"is '{value.strip()}', which is not a date in the form YYYY-MM-DD or YYYY-MM"
        fits = as_date(value) is not None
    elif kind in TEXT_KINDS:
        fits = isinstance(value, str | int | float) and not isinstance(value, bool)
    elif kind == "choice":
        fits = isinstance(value, str)
    elif kind == "multi_choice":
        fits = isinstance(value, list) and all(isinstance(v, str) for v in value)
    elif kind == "checklist":
        fits = isinstance(value, dict)
    elif kind == "list":
        fits = isinstance(value, list)
    else:
        return None
    return None if fits else f"is {_what(value)}, but the question needs {_NEEDS[kind]}"
