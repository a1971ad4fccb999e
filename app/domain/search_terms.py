"""What a search index stores so that every query a clerk types finds the case.

Trigram indexes (FTS5 on SQLite, pg_trgm on PostgreSQL) find substrings of
three or more characters but nothing shorter, and Chinese names are often two
characters long.  So names are also indexed as explicit *terms*: every single
character, every pair of neighbouring characters, and the pinyin initials of
the name (张三 → "zs").  A one- or two-character query, or a string of
initials, is then an exact term lookup, which both databases answer from an
index.

A clerk types a name as it is said, and many characters have more than one
reading (单 is dān, chán and shàn; 单长乐 is said shàn cháng lè), so every
reading counts.  A long name can have hundreds of combinations while the
stored list (``parties.name_initials``) holds 200 characters, so the
combinations are listed most likely first: each character's readings in
pypinyin's order of commonness (份 fèn before bīn, so 股份 → gf), a surname's
reading as a surname first (resources/search/readings.toml: 单 shàn, 曾 zēng),
and combinations that depart from the likeliest reading in fewer places
before those that depart in more (so each single reading is listed before any
pair of departures).  Characters outside the Basic Multilingual
Plane (王𠮷) are indexed like any other; those pypinyin has no reading for are
read through their compatibility form or the table in readings.toml.

pypinyin's dictionaries take about half a second to load, so they are loaded
when the first name is indexed, not when the program starts: searching with
initials only compares letters.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from enum import Enum
from functools import cache, lru_cache
from operator import add, getitem, itemgetter

from app.paths import resources_dir

STORED_LENGTH = 200
"""Room for the space-separated variants in ``parties.name_initials``."""
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ASCII_LETTERS = re.compile(r"^[A-Za-z]+$")


class QueryKind(Enum):
    """Which index answers a query."""

    SUBSTRING = "substring"
    TERM = "term"


@cache
def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Surname readings (by surname) and extra character readings, as initials."""
    with (resources_dir() / "search" / "readings.toml").open("rb") as file:
        data = tomllib.load(file)
    surnames = {name: tuple(syllable[0] for syllable in reading.split())
                for name, reading in data["surnames"].items()}
    extra = {char: tuple(dict.fromkeys(r[0] for r in readings))
             for char, readings in data["characters"].items()}
    return surnames, extra


@cache
def char_initials(char: str) -> tuple[str, ...]:
    """The initials ``char`` may be read with, most common first; () for punctuation.

    Letters and digits stand for themselves (ABC物业, 李4).
    """
    if char.isascii():
        return (char.lower(),) if char.isalnum() else ()
    known = _table()[1].get(char)
    if known:
        return known
    from pypinyin import Style, pinyin

    for form in dict.fromkeys((char, unicodedata.normalize("NFKC", char))):
        readings = pinyin(form, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
        options = tuple(dict.fromkeys(
            r.lower() for r in (readings[0] if readings else []) if r.isascii() and r.isalpha()))
        if options:
            return options
    return ()


def _reading_options(name: str) -> list[tuple[str, ...]]:
    """Each indexed character's initials, a leading surname's reading moved first."""
    options = [o for o in map(char_initials, name) if o]
    surnames = _table()[0]
    for size in (2, 1):
        surname = surnames.get(name[:size]) if len(options) > size else None
        if surname:
            for n, initial in enumerate(surname):
                options[n] = (initial, *(o for o in options[n] if o != initial))
            break
    return options


def initials_variants(name: str) -> list[str]:
    """Lower-case pinyin initials of ``name``, likeliest first, as many as can be stored.

    Every combination of readings is listed when they fit in
    :data:`STORED_LENGTH` characters; otherwise the ones that depart from the
    likeliest reading in the fewest places (then the least rare readings), so
    that every reading of every character is listed at least once while room
    allows.
    """
    options = _reading_options(name)
    if not options:
        return []
    if max(map(len, options)) == 1:
        return ["".join(map(itemgetter(0), options))]
    return ["".join(map(getitem, options, picks))
            for picks in _pick_order(tuple(map(len, options)))]


@lru_cache(maxsize=4096)
def _pick_order(counts: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """Which reading of each character every listed variant takes, in the order listed.

    The order depends only on how many readings each character has, and names
    share a few such shapes, so it is worked out once per shape.
    """
    room = max(1, (STORED_LENGTH + 1) // (len(counts) + 1))
    if math.prod(counts) <= room:
        # Few enough to list them all: the same order as the search below, sorted at once.
        return tuple(sorted(itertools.product(*map(range, counts)),
                            key=lambda picks: (len(picks) - picks.count(0), sum(picks), picks)))
    first = (0,) * len(counts)
    heap = [(0, 0, first)]
    seen = {first}
    order: list[tuple[int, ...]] = []
    while heap and len(order) < room:
        places, rarity, picks = heapq.heappop(heap)
        order.append(picks)
        for n, pick in enumerate(picks):
            if pick + 1 < counts[n]:
                step = (*picks[:n], pick + 1, *picks[n + 1:])
                if step not in seen:
                    seen.add(step)
                    heapq.heappush(heap, (places + (pick == 0), rarity + 1, step))
    return tuple(order)


def stored_initials(name: str) -> str:
    """The ``parties.name_initials`` text: the variants, space-separated (fits the column)."""
    return " ".join(initials_variants(name))


def name_terms(name: str, initials: Iterable[str]) -> set[str]:
    """Terms for one name: its characters, neighbouring pairs, and initials substrings."""
    variants = tuple(initials)
    terms: set[str] = set(variants)
    for text in (*_WORD.findall(name.lower()), *variants):
        terms.update(text)
        terms.update(map(add, text, text[1:]))
    return terms


def classify(query: str) -> QueryKind:
    """Short queries are term lookups; three characters or more are substring searches."""
    return QueryKind.TERM if len(query) <= 2 else QueryKind.SUBSTRING


def normalise_query(query: str) -> str:
    """Trim, fold case and drop characters an index cannot match (quotes, wildcards)."""
    cleaned = "".join(ch for ch in query.strip().lower()
                      if ch not in "\"'%_*\\" and ch.isprintable())
    return " ".join(cleaned.split())


def is_initials(query: str) -> bool:
    """True for a run of Latin letters, which may be pinyin initials."""
    return bool(_ASCII_LETTERS.match(query))


_NUMBER_RUN = re.compile(r"\+?[\dx\-]*\d[\dx\-]*")
"""A run of characters an ID or phone number is made of (digits, the ID's X, dashes, a +)."""
_ID_NUMBER = re.compile(r"\d{17}[\dx]")
_BORDER = " ¦"
"""What stands next to a number in the search index (app/store/search.py's separator)."""


def whole_number(query: str) -> str | None:
    """The stored form of a query that is one complete ID or phone number, else None.

    For roles that see masked numbers such a query is compared with the
    stored numbers whole, never as a substring; a phone number may be typed
    in any shape app.domain.phone reads (0574 8765 4321, +852 9123 4567).
    """
    from app.domain.errors import ValidationError
    from app.domain.phone import parse_phone

    text = query.strip()
    if _ID_NUMBER.fullmatch(text.lower()):
        return text.upper()
    if not text or not (text[0].isdigit() or text[0] in "+(（"):
        return None
    try:
        return parse_phone(text)
    except ValidationError:
        return None


def probes_hidden_digits(query: str) -> bool:
    """True when a query could match part of an ID or phone number (masked roles may not).

    Lists show ``110105********002X`` to roles that may not see full numbers;
    searching for fragments such as ``19491231`` or ``1949`` would let such a
    user test the hidden digits one guess at a time.  The check runs on the
    query exactly as it is searched (:func:`normalise_query`, so quotes,
    wildcards and invisible characters cannot split a fragment).  A run of
    digits may be searched only where it cannot lie inside a number: next to
    a character that never stands beside a number in the index (``第12号``).
    One- and two-character queries are term lookups that never see numbers;
    a complete number is compared whole (:func:`whole_number`).
    """
    text = normalise_query(query)
    if classify(text) is QueryKind.TERM or whole_number(text) is not None:
        return False
    for run in _NUMBER_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() > 0 else _BORDER[0]
        after = text[run.end()] if run.end() < len(text) else _BORDER[0]
        if before in _BORDER and after in _BORDER:
            return True
    return False
