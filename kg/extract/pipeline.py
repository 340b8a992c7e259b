"""The extraction pipeline: an article's sentences → agencies, officials, speech, programs, events, figures.

Each stage is a small callable over one sentence's tokens; this module runs them in order and keeps the
article-level books (who is who, which acronym means what) that later sentences resolve against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..articles import Article, Span, split_sentences
from ..lexicon import load_table
from .agencies import AgencyBook, find_agencies, link_parents
from .attribution import find_speaker, has_quote
from .dates import find_dates, find_periods
from .events import EventMention, find_events
from .numbers import Quantity, find_quantities
from .officials import Official, OfficialBook, find_officials
from .programs import ProgramMention, find_programs
from .reference import known_by_label
from .tokens import Token, starts_within, tokenize

__all__ = ["Sentence", "Statement", "Figure", "Program", "Extraction", "extract"]


@dataclass
class Sentence:
    """A sentence of the body, with its paragraph number."""

    span: Span
    paragraph: int


@dataclass
class Statement:
    """A sentence attributed to an official: quoted or reported speech."""

    official: Official
    sentence: Sentence
    direct: bool
    when: date | None


@dataclass
class Figure:
    """A statistic: the quantity, what it measures, its period and who stated it."""

    quantity: Quantity
    sentence: Sentence
    measure: str
    period: str | None
    stated_by: Official | None


@dataclass
class Program:
    """A program of the article: name, aliases, the agency that runs it, who announced it."""

    name: str
    aliases: list[str] = field(default_factory=list)
    agency: str | None = None
    announced_by: list[Official] = field(default_factory=list)
    sentence: Sentence | None = None


@dataclass
class Extraction:
    """Everything the pipeline found in one article."""

    article: Article
    sentences: list[Sentence]
    agencies: AgencyBook
    officials: OfficialBook
    statements: list[Statement]
    figures: list[Figure]
    programs: list[Program]
    events: list[tuple[EventMention, Sentence]]
    reference_date: date | None


def _reference_date(article: Article) -> date | None:
    if article.published:
        return article.published
    for p in article.paragraphs:
        for d in find_dates(p.text, None):
            if d.start_date:
                return d.start_date
    return None


def _framing_period(article: Article, reference: date | None) -> str | None:
    """Return a period the headline or lead frames the article with ("Sepanjang 2023, ...")."""
    texts = [article.headline.text] if article.headline else []
    if article.paragraphs:
        texts.append(article.paragraphs[0].text)
    for t in texts:
        for p in find_periods(t, reference):
            if "sepanjang" in t.lower()[max(0, p.start - 12) : p.start + 1] or t is texts[0]:
                return p.period
    return None


def _measure(sentence: str, q: Quantity) -> str:
    """Return a short description of what a figure measures: the words before it and its unit."""
    before = sentence[: q.start].rstrip()
    for sep in (". ", "; ", ", ", "“", '"'):
        if sep in before[-120:]:
            before = before[before.rfind(sep) + len(sep) :]
    words = before.split()[-8:]
    unit = q.unit or ""
    text = " ".join(words + ([unit] if unit and unit not in ("persen", "Rp", "USD") else []))
    if q.direction and q.direction not in text:
        text = f"{q.direction} {text}"
    if q.hedge:
        text += f" ({q.hedge})"
    if q.bound:
        text += f" (batas {'bawah' if q.bound == 'lower' else 'atas'})"
    return text.strip() or (q.unit or "nilai")


def extract(article: Article) -> Extraction:
    """Return what ``article`` says: its agencies, officials, statements, programs, events and figures."""
    reference = _reference_date(article)
    framing = _framing_period(article, reference)
    sentences = [Sentence(s, i) for i, p in enumerate(article.paragraphs) for s in split_sentences(p)]
    agencies, officials = AgencyBook(), OfficialBook()
    statements: list[Statement] = []
    per_sentence: list[tuple[Sentence, list[Token], list]] = []
    last: Official | None = None
    speaker_of: dict[int, Official] = {}
    for sent in sentences:
        tokens = tokenize(sent.span.text, sent.span.start)
        found = find_agencies(tokens, agencies)
        link_parents(tokens, found)
        for m in found:
            agencies.add(m, (sent.span.start, sent.span.end))
        mentions = find_officials(tokens, found, agencies)
        for m in mentions:
            if m.name:
                officials.add(m, (sent.span.start, sent.span.end))
        in_agency = starts_within(tokens, [(m.start, m.end) for m in found])
        speech = find_speaker(tokens, mentions, officials, last, (sent.span.start, sent.span.end), in_agency)
        if speech:
            last = speech.official
            speaker_of.setdefault(sent.paragraph, speech.official)
            when = next((d.start_date for d in find_dates(sent.span.text, reference) if d.start_date), None)
            # A statement without its own date was made when the official's earlier statement in the
            # article was, or on the article's date.
            same = [st.when for st in statements if st.official is speech.official and st.when]
            when = when or (same[-1] if same else article.published)
            statements.append(Statement(speech.official, sent, has_quote(sent.span.text), when))
        per_sentence.append((sent, tokens, found))
    _carry_open_quotes(article, speaker_of)

    figures: list[Figure] = []
    seen_headline = _headline_values(article)
    programs: dict[str, Program] = {}
    events: list[tuple[EventMention, Sentence]] = []
    main_agency = agencies.order[0] if agencies.order else None
    previous: list[Token] = []
    for sent, tokens, found in per_sentence:
        who = speaker_of.get(sent.paragraph)
        periods = find_periods(sent.span.text, reference)
        for q in find_quantities(sent.span.text):
            if q.announces_list:
                continue
            seen_headline.discard((q.value, q.unit_class))
            period = _nearest_period(periods, q) or framing
            figures.append(Figure(q, sent, _measure(sent.span.text, q), period, who))
        for pm in find_programs(tokens, found):
            _add_program(programs, pm, sent, found, who, officials, main_agency, agencies)
        if who:
            for p in _programs_referred(tokens, programs):
                if who not in p.announced_by:
                    p.announced_by.append(who)
        events_here = find_events(tokens, sent.span.text, sent.span.start, found, reference, previous)
        previous = tokens
        for ev in events_here:
            if ev.refers_back and events:
                prev = events[-1][0]
                prev.organizer = prev.organizer or ev.organizer
                prev.place = prev.place or ev.place
                if (
                    ev.start_date
                    and prev.start_date
                    and ev.start_date > prev.start_date
                    and not prev.end_date
                ):
                    prev.end_date = ev.start_date
                prev.start_date = prev.start_date or ev.start_date
                continue
            same = next(
                (
                    e
                    for e, _ in events
                    if e.name.lower() == ev.name.lower() or ev.name in e.aliases or e.name in ev.aliases
                ),
                None,
            )
            if same:
                same.start_date = same.start_date or ev.start_date
                same.end_date = same.end_date or ev.end_date
                same.place = same.place or ev.place
                same.organizer = same.organizer or ev.organizer
                continue
            events.append((ev, sent))
    _merge_unqualified_agencies(agencies)
    return Extraction(
        article,
        sentences,
        agencies,
        officials,
        statements,
        figures,
        list(programs.values()),
        events,
        reference,
    )


def _programs_referred(tokens: list[Token], programs: dict[str, Program]) -> list[Program]:
    """Return the programs a sentence refers to by acronym or by "program tersebut/ini"."""
    if not programs:
        return []
    out = []
    words_ = [t.text for t in tokens]
    text = " " + " ".join(w.lower() for w in words_) + " "
    for p in programs.values():
        named_again = len(p.name.split()) >= 2 and f" {p.name.lower()} " in text
        if named_again or any(a in words_ for a in p.aliases):
            out.append(p)
    table = load_table("programs")
    for k, w in enumerate(words_[:-1]):
        if w.lower() in table["anaphoric_heads"] and words_[k + 1].lower() in table["anaphora"]:
            out.append(list(programs.values())[-1])
    return out


def _nearest_period(periods: list, q: Quantity) -> str | None:
    if not periods:
        return None
    return min(periods, key=lambda p: abs(p.start - q.start)).period


def _headline_values(article: Article) -> set:
    if not article.headline:
        return set()
    return {(q.value, q.unit_class) for q in find_quantities(article.headline.text)}


def _carry_open_quotes(article: Article, speaker_of: dict[int, Official]) -> None:
    """A quote opened in a paragraph and closed in a later one belongs to the later one's speaker."""
    for i in range(len(article.paragraphs) - 2, -1, -1):
        text = article.paragraphs[i].text
        if i in speaker_of or text[:1] not in '"“':
            continue
        closes = text.count("”") + text.count('"') - (1 if text[:1] == '"' else 0)
        if closes == 0 and i + 1 in speaker_of:
            speaker_of[i] = speaker_of[i + 1]


def _add_program(
    programs: dict[str, Program],
    pm: ProgramMention,
    sent: Sentence,
    found: list,
    who: Official | None,
    officials: OfficialBook,
    main_agency: str | None,
    agencies: AgencyBook,
) -> None:
    key = pm.name.lower()
    for k, p in programs.items():
        if key == k or pm.name in p.aliases or any(a in (p.name, *p.aliases) for a in pm.aliases):
            if who and who not in p.announced_by:
                p.announced_by.append(who)
            return
    agency = _program_agency(pm, found, who, main_agency)
    programs[key] = Program(pm.name, list(pm.aliases), agency, [who] if who else [], sent)


def _program_agency(
    pm: ProgramMention, found: list, who: Official | None, main_agency: str | None
) -> str | None:
    """Return the agency that runs a program: the nearest one named before it in the sentence, the one
    named right after it, the speaker's, or the article's main agency."""
    before = [m for m in found if m.end <= pm.start]
    after = [m for m in found if m.start >= pm.end and m.start - pm.end <= 2]
    if after:
        return after[0].name
    if before:
        return before[-1].name
    if who and who.posts and who.posts[0][2]:
        return who.posts[0][2]
    return main_agency


def _merge_unqualified_agencies(book: AgencyBook) -> None:
    """An agency named without its region ("Dinas X") is the same as "Dinas X Kabupaten Y" in the article."""
    for name in list(book.order):
        longer = [
            n
            for n in book.order
            if n != name
            and n.startswith(name + " ")
            and book.parents.get(n) != name
            and name.lower() not in known_by_label()
        ]
        if len(longer) == 1:
            target = longer[0]
            book.forms[target] = list(dict.fromkeys(book.forms[target] + book.forms.pop(name, [])))
            for acr, n in list(book.acronyms.items()):
                if n == name:
                    book.acronyms[acr] = target
            if name in book.parents and target not in book.parents:
                book.parents[target] = book.parents[name]
            book.parents.pop(name, None)
            for child, parent in list(book.parents.items()):
                if parent == name:
                    book.parents[child] = target
            book.order.remove(name)
            book.redirects[name] = target
