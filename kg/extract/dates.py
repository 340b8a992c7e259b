"""Dates and reference periods in Indonesian news text.

``find_dates`` finds calendar dates and day ranges ("Kamis (14/11/2024)", "12--17 November 2024",
"30 Oktober - 2 November 2024") and bare weekdays; ``find_periods`` finds the reference periods of
statistics ("sepanjang 2023", "triwulan III 2024", "Januari–Maret 2025", "tahun lalu"). Month, weekday
and period words live in ``kg/lexicon/dates.toml``. Offsets are into the string given:
``mention.text == text[mention.start:mention.end]``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "DateMention",
    "PeriodMention",
    "find_dates",
    "find_periods",
    "month_number",
    "parse_iso_date",
    "resolve_weekday",
    "weekday_number",
]

_LEXICON_PATH = Path(__file__).resolve().parent.parent / "lexicon" / "dates.toml"


@dataclass(frozen=True)
class DateMention:
    """A date, a day range or a bare weekday; dates are ``None`` when the year cannot be known."""

    start: int
    end: int
    text: str
    start_date: date | None
    end_date: date | None
    kind: str  # "date", "range" or "weekday-only"


@dataclass(frozen=True)
class PeriodMention:
    """A reference period: ``period`` is "YYYY", "YYYY-Qn", "YYYY-MM" or "YYYY-MM/YYYY-MM"."""

    start: int
    end: int
    text: str
    period: str


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    with _LEXICON_PATH.open("rb") as handle:
        return tomllib.load(handle)


def _normalise_word(word: str) -> str:
    return word.strip().rstrip(".").replace("’", "'").lower()


def month_number(word: str) -> int | None:
    """Return the month (1–12) that an Indonesian or English month name or abbreviation names, else None."""
    return _lexicon()["months"].get(_normalise_word(word))


def weekday_number(word: str) -> int | None:
    """Return the weekday (Monday = 0) that an Indonesian or English day name names, else None."""
    return _lexicon()["weekdays"].get(_normalise_word(word))


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_iso_date(text: str) -> date | None:
    """Return the date written as ``YYYY-MM-DD`` (surrounding spaces allowed), or None if it is not one."""
    found = _ISO_DATE.fullmatch(text.strip())
    if found is None:
        return None
    return _make_date(int(found[1]), int(found[2]), int(found[3]))


def resolve_weekday(weekday: str, within: tuple[date, date]) -> date | None:
    """Return the one date inside ``within`` (inclusive) that falls on ``weekday``.

    Returns None when the weekday is unknown or when the range holds no such day or more than one.
    """
    number = weekday_number(weekday)
    first, last = within
    if number is None or last < first:
        return None
    offset = (number - first.weekday()) % 7
    found = first + timedelta(days=offset)
    if found > last or found + timedelta(days=7) <= last:
        return None
    return found


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    month: str
    weekday: str
    connector: str


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lexicon = _lexicon()
    # An abbreviation's dot is kept only before a year or day; otherwise it ends the sentence.
    month = rf"(?<!\w)(?:{_alternation(list(lexicon['months']))})(?:\.(?=\s*[0-9]))?(?!\w)"
    weekday = rf"(?<!\w)(?:{_alternation(list(lexicon['weekdays']))})(?!\w)"
    connector = rf"\s*(?:{_alternation(lexicon['ranges']['connectors'])})\s*"
    return _Patterns(month=month, weekday=weekday, connector=connector)


@lru_cache(maxsize=1)
def _date_regexes() -> list[tuple[str, re.Pattern[str]]]:
    p = _patterns()
    day = r"(?<![\w.,/])(?P<{}>[0-9]{{1,2}})"
    year = r"(?:\s+(?P<{}>[0-9]{{4}})(?![\w]|[.,][0-9]))?"
    weekday = rf"(?:(?P<wd>{p.weekday}),?\s*)?"
    cross = (
        weekday + day.format("d1") + rf"\s+(?P<m1>{p.month})" + year.format("y1") + p.connector
        + r"(?P<d2>[0-9]{1,2})" + rf"\s+(?P<m2>{p.month})" + year.format("y2")
    )
    same_month = (
        weekday + day.format("d1") + p.connector + r"(?P<d2>[0-9]{1,2})" + rf"\s+(?P<m1>{p.month})"
        + year.format("y2")
    )
    spelled = weekday + day.format("d1") + rf"\s+(?P<m1>{p.month})" + year.format("y2")
    numeric = (
        weekday + r"\(\s*(?P<d1>[0-9]{1,2})(?:\s*-{1,2}\s*(?P<d2>[0-9]{1,2}))?/(?P<m1>[0-9]{1,2})"
        r"(?:/(?P<y2>[0-9]{4}|[0-9]{2}))?\s*\)"
    )
    slashed = (
        weekday + r"(?<![\w/.-])(?P<d1>[0-9]{1,2})(?P<sep>[/.-])(?P<m1>[0-9]{1,2})(?P=sep)(?P<y2>[0-9]{4})"
        r"(?![\w/]|[.-][0-9])"
    )
    iso = r"(?<![\w/.-])(?P<y2>[0-9]{4})-(?P<m1>[0-9]{2})-(?P<d1>[0-9]{2})(?![\w/]|[.-][0-9])"
    flags = re.IGNORECASE
    return [
        ("cross", re.compile(cross, flags)),
        ("range", re.compile(same_month, flags)),
        ("numeric", re.compile(numeric, flags)),
        ("slashed", re.compile(slashed, flags)),
        ("iso", re.compile(iso, flags)),
        ("spelled", re.compile(spelled, flags)),
    ]


def _month_of(token: str) -> int | None:
    return int(token) if token.isdigit() else month_number(token)


def _year_of(token: str | None) -> int | None:
    if token is None:
        return None
    value = int(token)
    # Two-digit years only occur in "(10/3/25)" and mean this century.
    return value + 2000 if len(token) == 2 else value


def _infer_day(day: int, month: int, weekday: int | None, reference: date | None) -> date | None:
    """Date for a day without a year: the reference year, or a neighbour year the weekday agrees with."""
    if reference is None:
        return None
    candidates = [_make_date(y, month, day) for y in (reference.year, reference.year - 1, reference.year + 1)]
    if weekday is not None:
        for candidate in candidates:
            if candidate is not None and candidate.weekday() == weekday:
                return candidate
    return candidates[0]


def _resolve(found: re.Match[str], reference: date | None) -> tuple[date | None, date | None, bool] | None:
    """Return (start, end, is_range) for a date match, or None when the numbers make no calendar date."""
    groups = found.groupdict()
    day1 = int(groups["d1"])
    month1 = _month_of(groups["m1"])
    day2 = int(groups["d2"]) if groups.get("d2") else None
    month2 = _month_of(groups["m2"]) if groups.get("m2") else month1
    if month1 is None or month2 is None or not 1 <= month1 <= 12 or not 1 <= month2 <= 12:
        return None
    year2 = _year_of(groups.get("y2"))
    year1 = _year_of(groups.get("y1"))
    weekday = weekday_number(groups["wd"]) if groups.get("wd") else None
    is_range = day2 is not None
    if not is_range:
        if year2 is None:
            if not 1 <= day1 <= 31:
                return None
            return _infer_day(day1, month1, weekday, reference), None, False
        single = _make_date(year2, month1, day1)
        return (single, None, False) if single is not None else None
    assert day2 is not None
    if year2 is None:
        if reference is None:
            return (None, None, True) if day1 <= 31 and day2 <= 31 else None
        year2 = reference.year
    if year1 is None:
        year1 = year2 - 1 if month1 > month2 else year2
    first = _make_date(year1, month1, day1)
    last = _make_date(year2, month2, day2)
    if first is None or last is None or last <= first:
        return None
    return first, last, True


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Return the dates, day ranges and bare weekdays in ``text``, in order of position.

    A date without a year takes the year of ``reference`` (or the neighbouring year that agrees with a
    stated weekday); with no reference its dates are None. Bare weekdays have kind "weekday-only" and no
    date: resolve them with ``resolve_weekday`` against a known range.
    """
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for _, regex in _date_regexes():
        for found in regex.finditer(text):
            start, end = found.span()
            if _overlaps(start, end, taken):
                continue
            resolved = _resolve(found, reference)
            if resolved is None:
                continue
            first, last, is_range = resolved
            taken.append((start, end))
            kind = "range" if is_range else "date"
            mentions.append(DateMention(start, end, text[start:end], first, last, kind))
    mentions.extend(_bare_weekdays(text, taken))
    return sorted(mentions, key=lambda mention: mention.start)


def _bare_weekdays(text: str, taken: list[tuple[int, int]]) -> list[DateMention]:
    rules = _lexicon()["weekday_rules"]
    ambiguous = {word.lower() for word in rules["ambiguous"]}
    not_after = {word.lower() for word in rules["not_weekday_after"]}
    found_days: list[DateMention] = []
    for found in re.finditer(_patterns().weekday, text, re.IGNORECASE):
        start, end = found.span()
        # Day names are capitalised in Indonesian; lower-case "minggu" is the noun "week".
        if not found.group()[0].isupper() or _overlaps(start, end, taken):
            continue
        following = text[end:].split(maxsplit=1)
        if found.group().lower() in ambiguous and following and following[0].lower() in not_after:
            continue
        found_days.append(DateMention(start, end, text[start:end], None, None, "weekday-only"))
    return found_days


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


# Periods ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _period_regexes() -> dict[str, re.Pattern[str]]:
    lexicon = _lexicon()["periods"]
    p = _patterns()
    ordinals = _alternation(list(lexicon["ordinals"]))
    relative = _alternation(list(lexicon["relative_years"]))
    # What may follow a quarter or month: a year ("2024", "-2025", "/2025", "tahun 2024") or "tahun ini".
    tail = rf"(?:[\s]*[-/]?\s*(?:tahun\s+)?(?P<y>[0-9]{{4}})(?![0-9])|\s+(?P<rel>{relative})(?!\w))"
    flags = re.IGNORECASE
    return {
        "quarter": re.compile(
            rf"(?<!\w)(?:(?:{_alternation(lexicon['quarter_words'])})\s*(?:ke-?\s*)?(?P<q>{ordinals})"
            rf"|Q(?P<qn>[1-4]))(?!\w)" + tail,
            flags,
        ),
        "half": re.compile(
            rf"(?<!\w)(?:{_alternation(lexicon['half_words'])})\s*(?:ke-?\s*)?(?P<q>{ordinals})(?!\w)" + tail,
            flags,
        ),
        "month_range": re.compile(
            rf"(?P<m1>{p.month})(?:\s+(?P<y1>[0-9]{{4}}))?{p.connector}(?P<m2>{p.month})" + tail, flags
        ),
        "month": re.compile(rf"(?P<m1>{p.month})" + tail, flags),
        "relative": re.compile(rf"(?<!\w)(?P<rel>{relative})(?!\w)", flags),
        "year": re.compile(r"(?<![\w.,/:-])(?P<y>[0-9]{4})(?![\w/:]|[.,-][0-9])"),
    }


def _tail_year(found: re.Match[str], reference: date | None) -> int | None:
    if found.group("y"):
        return int(found.group("y"))
    offset = _lexicon()["periods"]["relative_years"].get(" ".join(found.group("rel").lower().split()))
    if reference is None or offset is None:
        return None
    return reference.year + offset


def _period_of(kind: str, found: re.Match[str], text: str, reference: date | None) -> str | None:
    lexicon = _lexicon()["periods"]
    if kind == "year":
        return _bare_year(found, text)
    if kind == "relative":
        offset = lexicon["relative_years"].get(" ".join(found.group("rel").lower().split()))
        return None if reference is None or offset is None else f"{reference.year + offset:04d}"
    year = _tail_year(found, reference)
    if year is None:
        return None
    if kind == "quarter":
        written = found.group("qn") or found.group("q")
        quarter = lexicon["ordinals"][written.lower()]
        return f"{year:04d}-Q{quarter}"
    if kind == "half":
        half = lexicon["ordinals"][found.group("q").lower()]
        if half > 2:
            return None
        return f"{year:04d}-{6 * half - 5:02d}/{year:04d}-{6 * half:02d}"
    month1 = month_number(found.group("m1"))
    if kind == "month":
        # "5 Februari 2024" is a date, not a month period.
        if re.search(r"[0-9]\s*$", text[max(0, found.start() - 40) : found.start()]):
            return None
        return f"{year:04d}-{month1:02d}"
    month2 = month_number(found.group("m2"))
    assert month1 is not None and month2 is not None
    year1 = int(found.group("y1")) if found.group("y1") else (year - 1 if month1 > month2 else year)
    if (year1, month1) >= (year, month2):
        return None
    return f"{year1:04d}-{month1:02d}/{year:04d}-{month2:02d}"


def _bare_year(found: re.Match[str], text: str) -> str | None:
    """A four-digit year counts as a period only after an introducing word ("pada 2023", "tahun 2024")."""
    year = int(found.group("y"))
    if not 1900 <= year <= 2100:
        return None
    intro = {word.lower() for word in _lexicon()["periods"]["year_intro"]}
    words = text[max(0, found.start() - 60) : found.start()].split()[-2:]
    if not words:
        return None
    last = words[-1].lower()
    last_two = " ".join(words).lower()
    return f"{year:04d}" if last in intro or last_two in intro else None


def _period_span(kind: str, found: re.Match[str], text: str) -> tuple[int, int]:
    start, end = found.span()
    if kind == "year":
        # Keep "tahun" with the year it introduces: "tahun 2024".
        window = max(0, start - 40)  # only the words right before matter; a bounded look keeps this linear
        before = re.search(r"(?i)(?<!\w)tahun\s+$", text[window:start])
        if before is not None:
            start = window + before.start()
    return start, end


def find_periods(text: str, reference: date | None) -> list[PeriodMention]:
    """Return the reference periods in ``text``, in order of position.

    Relative years ("tahun lalu", "tahun ini", "tahun depan") resolve against ``reference`` and are left
    out when it is None. Full dates and "year on year" give no period; a bare year needs an introducing
    word ("pada", "sepanjang", "tahun", ...).
    """
    candidates: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in _period_regexes().items():
        for found in regex.finditer(text):
            start, end = _period_span(kind, found, text)
            if _overlaps(start, end, taken):
                continue
            period = _period_of(kind, found, text, reference)
            if kind in ("month", "year") and period is None:
                # A skipped month or year still blocks shorter readings of the same words.
                taken.append((start, end))
                continue
            if period is None:
                continue
            taken.append((start, end))
            candidates.append(PeriodMention(start, end, text[start:end], period))
    return sorted(candidates, key=lambda mention: mention.start)
