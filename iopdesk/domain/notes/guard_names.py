"""The name index of the confidentiality guard, and how note text is scanned against it.

Every client of the program goes into one index (``NameIndex``), built once per
check from one query: for each client, every way they could be written –
legal first and last name, preferred name, the full names (first or preferred,
or a nickname, followed by the last name), the nicknames of the given names
(nicknames.py), the chart number, and the initials of first and last name.
The text is folded the same way as the names, cut into words, and each run of
up to a few words is looked up in a dictionary (longest first); nothing is
matched client by client.

Folding (``fold``): case-insensitive, accents dropped (José = Jose), every
apostrophe form (' ’ ‘ ʼ ` ´ ′) the same, every dash form (hyphen, non-breaking
hyphen, figure dash, en dash, em dash, minus …) the same, invisible characters
(soft hyphen, zero-width space) dropped. Within a name, a hyphen, apostrophe or
space between its parts may be written as any of the three or left out
(Mary-Kate = Mary–Kate = Mary Kate = MaryKate; O'Brien = O’Brien = OBrien;
DeLeon = De Leon).

Whether a match becomes a flag, and whether it stops signing, is decided by
guard_rules.py from how the word is used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import NamedTuple
from uuid import UUID

from iopdesk.domain.notes.nicknames import other_forms

APOSTROPHES = "'’‘ʼ`´′＇ʻ"
DASHES = "-‐‑‒–—―−﹣－⁃"
TRUE_HYPHENS = "-‐‑"  # joining a compound word ("Faith-based"); en and em dashes are punctuation
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

# Kinds of match; the flag shows the kind.
NAME, COMMON, NICKNAME, CHART, INITIALS = "name", "common word", "nickname", "chart number", "initials"

# How close a client is to the session; flags name the closest owner first.
SESSION, GROUP, RECENT, PROGRAM, CLIENT = range(5)
TIER_LABELS = {
    SESSION: "at this session",
    GROUP: "a current member of this group",
    RECENT: "left this group recently",
    PROGRAM: "in another group",
    CLIENT: "a client of the program",
}
NEAR = RECENT  # tiers up to this one are "this group's people"
MAX_WORDS = 6  # the longest run of words looked up

_ASCII_FOLD = str.maketrans({"`": "'"})
_WORD = re.compile(r"[^\W_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def fold(text: str, collapse: bool = True) -> tuple[str, list[int]]:
    """Text compared case-, accent- and punctuation-insensitively, with each character's source index.

    ``collapse`` turns every run of white space into one space (for display and tests);
    the scanner keeps it as it is, which lets plain ASCII text skip the character loop.
    """
    if not collapse and text.isascii():
        return text.lower().translate(_ASCII_FOLD), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace() and collapse:
            if not space:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        if ch in APOSTROPHES:
            ch = "'"
        elif ch in DASHES:
            ch = "-"
        elif ch in INVISIBLE:
            continue
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded)
                index.append(i)
    return "".join(out), index


@lru_cache(maxsize=65536)
def name_atoms(name: str) -> tuple[tuple[str, ...], ...]:
    """The ways a name splits into folded words: as written, and at inner capitals (DeLeon)."""
    name = (name or "").strip()
    if not name:
        return ()
    out = []
    for form in dict.fromkeys([name, _CAMEL.sub(" ", name)]):
        atoms = tuple(_WORD.findall(fold(form)[0]))
        if atoms and sum(len(a) for a in atoms) >= 2:
            out.append(atoms)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=65536)
def name_variants(name: str) -> tuple[tuple[str, ...], ...]:
    """Every word sequence a name may be written as: its parts separated, or run together."""
    out: dict[tuple[str, ...], None] = {}
    for atoms in name_atoms(name):
        if len(atoms) > 4:
            out[atoms] = None
            continue
        for joins in product((False, True), repeat=len(atoms) - 1):
            words = [atoms[0]]
            for atom, join in zip(atoms[1:], joins, strict=True):
                if join:
                    words[-1] += atom
                else:
                    words.append(atom)
            out[tuple(words)] = None
    return tuple(out)


@dataclass(frozen=True)
class Person:
    """A client as the index knows them (names as stored)."""

    id: UUID
    first: str
    last: str
    preferred: str = ""
    chart: str = ""


class Entry(NamedTuple):
    person: UUID
    kind: str  # NAME, NICKNAME or CHART
    shown: str  # the name as the roster has it
    full: bool  # first (or preferred, or nickname) and last name together


class NameIndex:
    """Every client's names, folded, by word sequence; and their initials."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.keys: dict[tuple[str, ...], list[Entry]] = {}
        self.initials: dict[str, list[UUID]] = {}
        self.last_initials: dict[UUID, str] = {}  # folded first letter of each last name ("Hope W.")
        self.names: dict[UUID, str] = {}
        for person in people:
            self._add(person)
        self.longest = min(MAX_WORDS, max((len(k) for k in self.keys), default=1))

    def _add(self, p: Person) -> None:
        first, last, preferred = p.first.strip(), p.last.strip(), p.preferred.strip()
        self.names[p.id] = f"{preferred or first} {last}".strip()
        givens = [n for n in dict.fromkeys([first, preferred]) if n]
        lasts = name_variants(last)
        # One entry per word sequence and client: the first way of writing it wins (names first).
        mine: dict[tuple[str, ...], Entry] = {}
        for name in givens + [last]:
            for v in name_variants(name):
                mine.setdefault(v, Entry(p.id, NAME, name, False))
        for given in givens:
            shown = f"{given} {last}"
            for v in name_variants(given):
                for lv in lasts:
                    mine.setdefault(v + lv, Entry(p.id, NAME, shown, True))
        for given in givens:
            atoms = name_atoms(given)
            for nick in other_forms("".join(atoms[0])) if atoms else ():
                mine.setdefault((nick,), Entry(p.id, NICKNAME, given, False))
                for lv in lasts:
                    mine.setdefault((nick, *lv), Entry(p.id, NICKNAME, f"{given} {last}", True))
        chart = p.chart.strip()
        for v in name_variants(chart) if chart else ():
            mine.setdefault(v, Entry(p.id, CHART, chart, False))
        keys = self.keys
        for key, entry in mine.items():
            if len(key) <= MAX_WORDS:
                keys.setdefault(key, []).append(entry)
        last_atoms = name_atoms(last)
        if last_atoms:
            self.last_initials[p.id] = last_atoms[0][0][0]
            pairs = {name_atoms(g)[0][0][0] + last_atoms[0][0][0] for g in givens if name_atoms(g)}
            for pair in pairs:
                self.initials.setdefault(pair, []).append(p.id)


@dataclass(frozen=True)
class Words:
    """A text cut into words (folded), keeping where each word is in the text as written."""

    text: str
    folded: str
    index: list[int]
    spans: list[tuple[int, int]]  # folded offsets of each word

    @classmethod
    def of(cls, text: str) -> Words:
        folded, index = fold(text, collapse=False)
        return cls(text, folded, index, [m.span() for m in _WORD.finditer(folded)])

    def __len__(self) -> int:
        return len(self.spans)

    def word(self, k: int) -> str:
        if 0 <= k < len(self.spans):
            start, end = self.spans[k]
            return self.folded[start:end]
        return ""

    def sep(self, k: int) -> str:
        """What stands between word k-1 and word k (before the first: the text's start)."""
        if k >= len(self.spans):
            return self.folded[self.spans[-1][1]:] if self.spans else ""
        start = self.spans[k - 1][1] if k > 0 else 0
        return self.folded[start : self.spans[k][0]]

    def joined(self, k: int) -> bool:
        """Whether word k continues word k-1 inside one name (one space, hyphen or apostrophe)."""
        sep = self.sep(k)
        return sep in ("-", "'") or (sep.isspace() and "\n" not in sep and len(sep) <= 2)

    def source(self, first: int, last: int) -> tuple[int, int]:
        """Offsets in the text as written of words first..last (inclusive)."""
        return self.index[self.spans[first][0]], self.index[self.spans[last][1] - 1] + 1

    def written(self, k: int) -> str:
        if 0 <= k < len(self.spans):
            start, end = self.source(k, k)
            return self.text[start:end]
        return ""

    def is_digit(self, k: int) -> bool:
        return self.word(k).isdigit()


@dataclass(frozen=True)
class Match:
    first: int  # word indices, inclusive
    last: int
    entries: tuple[Entry, ...]


def scan(index: NameIndex, words: Words) -> list[Match]:
    """Longest runs of words that are someone's name, left to right, without overlap."""
    out = []
    k, n = 0, len(words)
    while k < n:
        found = None
        for size in range(min(index.longest, n - k), 0, -1):
            if size > 1 and not all(words.joined(j) for j in range(k + 1, k + size)):
                continue
            key = tuple(words.word(j) for j in range(k, k + size))
            entries = index.keys.get(key)
            if entries:
                found = Match(k, k + size - 1, tuple(entries))
                break
        if found is None:
            k += 1
        else:
            out.append(found)
            k = found.last + 1
    return out


def initial_after(words: Words, b: int) -> str:
    """The folded letter when word b is followed by a capital standing alone ("Hope W.", "May C");
    a bare "I" only with its period ("May I ask" is the pronoun)."""
    k = b + 1
    written, sep = words.written(k), words.sep(k)
    if len(written) != 1 or not written.isupper() or not sep.isspace() or "\n" in sep or len(sep) > 2:
        return ""
    end = words.source(k, k)[1]
    if written == "I" and words.text[end : end + 1] != ".":
        return ""
    return words.word(k)


def initial_end(words: Words, k: int) -> int:
    """Where the initial of word k ends, with its period unless that period also ends the sentence."""
    end = words.source(k, k)[1]
    text = words.text
    if text[end : end + 1] == ".":
        rest = text[end + 1 :].lstrip(" \t")
        if rest and rest[0] not in "\n\r" and not rest[0].isupper():
            end += 1
    return end


_DOTTED = re.compile(r"(?<![\w.])([A-Z])\.[ \u00a0]?([A-Z])\.?(?!\.?[ \u00a0]?[A-Za-z]\.|\.?\w)")
_PAIR = re.compile(r"(?<![\w.'’])([A-Z]{2})(?![\w]|\.[A-Z])")


def initials_in(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, the two letters folded, dotted) for "J.S.", "J. S." and "JS" written as a word."""
    out = [(m.start(), m.end(), (m.group(1) + m.group(2)).lower(), True) for m in _DOTTED.finditer(text)]
    for m in _PAIR.finditer(text):
        before = text[: m.start()].split()[-1:] or [""]
        after = text[m.end() :].split()[:1] or [""]
        shouting = any(len(w) > 2 and w.strip(".,;:!?\"'()").isupper() for w in before + after)
        if not shouting:
            out.append((m.start(), m.end(), m.group(1).lower(), False))
    return sorted(out)
