"""Reported quantities in Indonesian news text: counts, percentages, money and multipliers.

``find_quantities`` reads figures such as "4,5 juta", "Rp7,9 miliar", "US$ 3,5 miliar", "99,77 persen",
"20-25 persen", "dua kali lipat" and "tiga IKM", and leaves out what the annotation guidelines exclude:
years, dates, clock times, durations and ages, addresses, regulation and standard numbers, numbers inside
names, ordinals and "salah satu". Words live in ``kg/lexicon/numbers.toml``; month names come from
``kg.extract.dates``. Offsets are into the string given:
``quantity.text == text[quantity.start:quantity.end]``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .dates import month_number

__all__ = ["Quantity", "find_quantities", "format_decimal", "parse_number"]

_LEXICON_PATH = Path(__file__).resolve().parent.parent / "lexicon" / "numbers.toml"

# Spaces that may stand inside one figure: never a line break, which ends a paragraph.
_GAP = r"[^\S\n]"
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_PLAIN_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")
_WORD = re.compile(r"[^\W\d_][\w/&'’-]*")


@dataclass(frozen=True)
class Quantity:
    """One reported figure.

    ``text`` covers the figure with its currency, scale and percent words ("Rp 7,9 miliar", "99,77%",
    "4,41 juta") but not the counted noun, which is ``unit``. ``value`` is in base units; percentages stay
    as written. ``bound`` is "lower" or "upper" for the two ends of a range. ``announces_list`` is set when a
    list marker ("yakni", ":") follows in the same sentence; ``direction`` is the word of change before the
    figure ("naik", "turun"), if any.
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str | None
    unit_class: str  # "percent", "idr", "usd", "count" or "multiplier"
    hedge: str | None
    bound: str | None
    announces_list: bool = False
    direction: str | None = None


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    with _LEXICON_PATH.open("rb") as handle:
        return tomllib.load(handle)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _ending(words: list[str]) -> re.Pattern[str]:
    """A regex for one of ``words`` standing at the very end of a string."""
    return re.compile(rf"(?<![\w$])(?:{_alternation(words)}){_GAP}*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Patterns:
    number: re.Pattern[str]
    scale: re.Pattern[str]
    percent: re.Pattern[str]
    multiplier: re.Pattern[str]
    idr_suffix: re.Pattern[str]
    usd_suffix: re.Pattern[str]
    idr_prefix: re.Pattern[str]
    usd_prefix: re.Pattern[str]
    prefix_at: re.Pattern[str]
    connector: re.Pattern[str]
    multiword_noun: re.Pattern[str]
    hedge: re.Pattern[str]
    filler: re.Pattern[str]
    direction: re.Pattern[str]
    list_marker: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = _lexicon()
    spelled = lex["spelled"]
    scales = list(lex["scales"])
    starters = _alternation(list(spelled["words"]))
    any_word = _alternation([*spelled["words"], spelled["teen"], *spelled["multipliers"], *scales])
    number = (
        r"(?P<digits>[0-9](?:[0-9.,:/]*[0-9])?)"
        rf"|(?P<spelled>(?<![\w-])(?:{starters})(?:{_GAP}+(?:{any_word}))*(?![\w-]))"
    )
    currency = lex["currency"]
    prefixes = [*currency["idr_prefix"], *currency["usd_prefix"]]
    directions = [*lex["directions"]["up"], *lex["directions"]["down"]]
    percent_word = rf"(?:{_alternation([w for w in lex['percent']['markers'] if w[0].isalpha()])})(?!\w)"
    flags = re.IGNORECASE
    return _Patterns(
        number=re.compile(number, flags),
        scale=re.compile(rf"{_GAP}*(?P<word>{_alternation(scales)})(?!\w)", flags),
        percent=re.compile(rf"{_GAP}*%(?:{_GAP}*{percent_word})?|{_GAP}+{percent_word}", flags),
        multiplier=re.compile(rf"{_GAP}+(?P<word>{_alternation(lex['multiplier']['units'])})(?!\w)", flags),
        idr_suffix=re.compile(rf"{_GAP}+(?:{_alternation(currency['idr_suffix'])})(?!\w)", flags),
        usd_suffix=re.compile(rf"{_GAP}+(?:{_alternation(currency['usd_suffix'])})(?!\w)", flags),
        idr_prefix=_ending(currency["idr_prefix"]),
        usd_prefix=_ending(currency["usd_prefix"]),
        prefix_at=re.compile(rf"(?:{_alternation(prefixes)}){_GAP}*", flags),
        connector=re.compile(rf"{_GAP}*(?:{_alternation(lex['ranges']['connectors'])}){_GAP}*", flags),
        multiword_noun=re.compile(rf"(?:{_alternation(lex['count_nouns']['multiword'])})(?![\w/-])", flags),
        hedge=_ending(lex["hedges"]["words"]),
        filler=_ending(lex["hedges"]["fillers"]),
        direction=_ending(directions),
        list_marker=re.compile(
            "|".join(
                re.escape(word) if not word[0].isalnum() else rf"(?<!\w){re.escape(word)}(?!\w)"
                for word in lex["list_markers"]["words"]
            ),
            flags,
        ),
    )


# Parsing single numbers ---------------------------------------------------------------------------


def _clean(value: Decimal) -> Decimal:
    """Drop a zero fraction so that 4,5 juta is Decimal('4500000'), not Decimal('4500000.0')."""
    if value == value.to_integral_value():
        try:
            return value.quantize(Decimal(1))
        except InvalidOperation:  # more digits than the context holds: keep it as it is
            return value
    return value


def format_decimal(d: Decimal) -> str:
    """Return ``d`` as a plain string without exponent or trailing fraction zeros ("4500000", "99.77")."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _parse_digits(text: str) -> Decimal | None:
    """Value of "13.762", "4,5" or "1.250,75" (dot thousands, comma decimals); None for other shapes."""
    if _PLAIN_NUMBER.fullmatch(text) is None:
        return None
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _parse_spelled(words: list[str]) -> Decimal | None:
    """Value of spelled-out words ("dua ratus lima puluh", "sebelas", "dua juta"), None if ill-formed."""
    lex = _lexicon()
    values: dict[str, int] = lex["spelled"]["words"]
    multipliers: dict[str, int] = lex["spelled"]["multipliers"]
    scales: dict[str, int] = lex["scales"]
    total = 0
    group = 0
    last_digit: int | None = None
    last_scale: int | None = None
    for word in (word.lower() for word in words):
        if word in scales or values.get(word) == 1000:
            scale = scales.get(word, 1000)
            amount = group if word in scales else (1 if group == 0 else 0)
            if amount == 0 or (last_scale is not None and scale >= last_scale):
                return None
            total, group, last_digit, last_scale = total + amount * scale, 0, None, scale
        elif word in values:
            if last_digit is not None:
                return None
            group += values[word]
            last_digit = values[word] if values[word] < 10 else None
        elif word == lex["spelled"]["teen"] or word in multipliers:
            if last_digit is None:
                return None
            group += 10 if word == lex["spelled"]["teen"] else last_digit * (multipliers[word] - 1)
            last_digit = None
        else:
            return None
    return Decimal(total + group)


def parse_number(text: str) -> Decimal | None:
    """Return the value of one Indonesian number ("4,5", "13.762", "1.250,75", "4,5 juta", "dua ratus").

    Returns None when ``text`` is not exactly one such number.
    """
    words = text.split()
    if not words:
        return None
    scales: dict[str, int] = _lexicon()["scales"]
    if words[0][0].isdigit():
        value = _parse_digits(words[0])
        if value is None or len(words) > 2:
            return None
        if len(words) == 2:
            if words[1].lower() not in scales:
                return None
            value *= scales[words[1].lower()]
        return _clean(value)
    return _parse_spelled(words)


# Finding quantities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """One number with the currency, scale and unit words attached to it."""

    start: int
    end: int
    value: Decimal
    spelled: bool
    scale: int  # the value of a scale word written after the digits ("juta"), else 1
    unit: str | None  # "Rp", "USD", "persen", "kali lipat"… or None for a bare count
    year_like: bool


def _unit_class(unit: str | None) -> str:
    if unit == "persen":
        return "percent"
    if unit == "Rp":
        return "idr"
    if unit == "USD":
        return "usd"
    if unit is not None and unit.lower() in (word.lower() for word in _lexicon()["multiplier"]["units"]):
        return "multiplier"
    return "count"


def _read_figure(text: str, found: re.Match[str], range_end: bool = False) -> _Figure | None:
    """Read the number in ``found`` with its surroundings; None when it is not a quantity by its shape.

    ``range_end`` says the number follows a range connector, so a dash before it is not a hyphen.
    """
    p = _patterns()
    start, end = found.span()
    if found.group("digits") is not None:
        raw = found.group("digits")
        if ":" in raw or "/" in raw:
            return None  # clock times, dates, standards, regulation numbers
        value = _parse_digits(raw)
        spelled = False
    else:
        raw = found.group("spelled")
        value = _parse_spelled(raw.split())
        spelled = True
    if value is None:
        return None
    before = text[max(0, start - 12) : start]
    unit: str | None = None
    if p.idr_prefix.search(before):
        unit, prefix = "Rp", p.idr_prefix.search(before)
    elif p.usd_prefix.search(before):
        unit, prefix = "USD", p.usd_prefix.search(before)
    else:
        prefix = None
    if prefix is not None:
        start = start - len(before) + prefix.start()
    elif not spelled and not range_end and start > 0 and _glued(text, start):
        return None
    if not spelled and end < len(text) and (text[end].isalpha() or text[end] == "_"):
        return None  # "4in1", "5G"
    scale = 1
    scale_word = p.scale.match(text, end)
    if scale_word is not None and not spelled:
        scale = _lexicon()["scales"][scale_word.group("word").lower()]
        value *= scale
        end = scale_word.end()
    year_like = not spelled and re.fullmatch(r"[0-9]{4}", raw) is not None and 1900 <= int(raw) <= 2100
    if unit is None:
        for pattern, name in ((p.percent, "persen"), (p.idr_suffix, "Rp"), (p.usd_suffix, "USD")):
            marker = pattern.match(text, end)
            if marker is not None:
                unit, end = name, marker.end()
                break
        else:
            marker = p.multiplier.match(text, end)
            if marker is not None:
                unit, end = marker.group("word").lower(), marker.end()
    return _Figure(start, end, _clean(value), spelled, scale, unit, year_like and scale == 1 and unit is None)


def _glued(text: str, start: int) -> bool:
    """Whether the digits at ``start`` are part of a word ("G20", "COVID-19", "ke-2")."""
    before = text[start - 1]
    if before.isalnum() or before == "_":
        return True
    if before in "-–" and start >= 2:
        two_back = text[start - 2]
        # Also the second half of a range whose first half was already refused ("2020-2024").
        return two_back.isalnum()
    return False


def _previous_word(text: str, pos: int) -> str:
    words = text[max(0, pos - 30) : pos].split()
    return words[-1].lower() if words else ""


def _next_word(text: str, pos: int) -> str:
    found = re.match(rf"{_GAP}+(\S+)", text[pos : pos + 40])
    return found.group(1).lower().rstrip(".,;:!?)\"'”") if found else ""


def _excluded(text: str, first: _Figure, last: _Figure) -> bool:
    """Whether the figure(s) are a year, date, time, duration, address, rule number or fixed phrase."""
    exclusions = _lexicon()["exclusions"]
    previous = _previous_word(text, first.start)
    if previous in exclusions["before"] or previous.rstrip(".") in exclusions["before"]:
        return True
    if first.spelled and previous in exclusions["phrase_before"]:
        return True
    if first.year_like or last.year_like:
        return True
    if last.unit is None and last.scale == 1:
        following = _next_word(text, last.end)
        if following in exclusions["after"] or month_number(following) is not None:
            return True
    return False


def _counted_noun(text: str, pos: int) -> tuple[str | None, int]:
    """The counted noun after ``pos`` as written, and where it ends; (None, pos) when there is none."""
    gap = re.match(rf"{_GAP}+", text[pos:])
    if gap is None:
        return None, pos
    at = pos + gap.end()
    found = _patterns().multiword_noun.match(text, at) or _WORD.match(text, at)
    if found is None:
        return None, pos
    noun = found.group().rstrip("-'’")
    if not noun or noun.lower() in _lexicon()["count_nouns"]["not_nouns"]:
        return None, pos
    return noun, at + len(noun)


def _qualifiers(text: str, start: int) -> tuple[str | None, str | None]:
    """The hedge ("sekitar") and direction word ("naik") standing just before a figure."""
    p = _patterns()
    window = text[max(0, start - 80) : start]
    hedge: str | None = None
    direction: str | None = None
    for _ in range(6):
        window = window.rstrip()
        filler = p.filler.search(window)
        if filler is not None:
            window = window[: filler.start()]
            continue
        found = p.hedge.search(window) if hedge is None else None
        if found is not None:
            hedge = " ".join(found.group().lower().split())
            window = window[: found.start()]
            continue
        found = p.direction.search(window) if direction is None else None
        if found is not None:
            direction = found.group().strip().lower()
            window = window[: found.start()]
            continue
        break
    return hedge, direction


def _announces_list(text: str, pos: int) -> bool:
    """Whether a list marker follows ``pos`` in the same sentence, before any other figure."""
    rest = text[pos : pos + 160]
    stop = _SENTENCE_END.search(rest)
    if stop is not None:
        rest = rest[: stop.start()]
    digit = re.search(r"[0-9]", rest)
    if digit is not None:
        rest = rest[: digit.start()]
    return _patterns().list_marker.search(rest) is not None


def _range_end(text: str, first: _Figure) -> tuple[_Figure, int] | None:
    """The second figure of a range "20-25 persen" or "20 hingga 25 persen" after ``first``, if any."""
    p = _patterns()
    connector = p.connector.match(text, first.end)
    if connector is None or connector.end() == first.end:
        return None
    at = connector.end()
    prefix = p.prefix_at.match(text, at)
    number_at = prefix.end() if prefix is not None else at
    found = p.number.match(text, number_at)
    if found is None:
        return None
    second = _read_figure(text, found, range_end=True)
    if second is None or second.spelled != first.spelled:
        return None
    if second.year_like and not first.year_like:
        return None  # "6 persen hingga 2030": a figure and a year, not a range
    if first.unit is not None and second.unit is not None and first.unit != second.unit:
        return None
    return second, found.end()


def _quantity(text: str, figure: _Figure, unit: str | None, qualifiers: tuple[str | None, str | None],
              bound: str | None, listing: bool) -> Quantity:
    hedge, direction = qualifiers
    return Quantity(
        start=figure.start,
        end=figure.end,
        text=text[figure.start : figure.end],
        value=figure.value,
        unit=unit,
        unit_class=_unit_class(unit),
        hedge=hedge,
        bound=bound,
        announces_list=listing,
        direction=direction,
    )


def find_quantities(text: str) -> list[Quantity]:
    """Return the reported quantities in ``text`` in order of position.

    A range gives two quantities, bound "lower" and "upper", sharing the unit and hedge. Figures that the
    guidelines exclude are left out; whether a count only announces a list is left to the caller, who
    gets ``announces_list``.
    """
    p = _patterns()
    scales: dict[str, int] = _lexicon()["scales"]
    quantities: list[Quantity] = []
    consumed = 0
    for found in p.number.finditer(text):
        if found.start() < consumed:
            continue
        first = _read_figure(text, found)
        if first is None:
            continue
        second_found = _range_end(text, first)
        figures = [first]
        if second_found is not None:
            second, consumed = second_found
            if first.scale == 1 and second.scale != 1:
                # "Rp 10-20 juta": the scale written once applies to both ends.
                first = replace(first, value=_clean(first.value * second.scale), scale=second.scale)
            if first.unit is None:
                first = replace(first, unit=second.unit)
            if second.unit is None:
                second = replace(second, unit=first.unit)
            figures = [first, second]
        last = figures[-1]
        consumed = max(consumed, last.end)
        if _excluded(text, first, last):
            continue
        unit, after = last.unit, last.end
        if unit is None:
            unit, after = _counted_noun(text, last.end)
            if unit is not None and unit.lower() in scales:
                unit = None
        if unit is None and first.spelled:
            continue  # a spelled-out number is a figure only before what it counts
        if found.group().lower() in _lexicon()["spelled"]["article_only"]:
            continue
        qualifiers = _qualifiers(text, first.start)
        listing = _announces_list(text, after)
        bounds: list[str | None] = ["lower", "upper"] if len(figures) == 2 else [None]
        for figure, bound in zip(figures, bounds, strict=True):
            quantities.append(_quantity(text, figure, unit, qualifiers, bound, listing))
    return quantities

