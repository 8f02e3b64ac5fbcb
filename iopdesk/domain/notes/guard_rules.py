"""How the confidentiality guard judges a name found in a note: a blocking flag, a warning, or nothing.

A flag "blocks signing" when the words most likely name or identify another
client; a warning (low confidence) is shown to the writer but does not stop
signing. "Near" clients are the session's people, the group's current members
and those who left it within RECENT_DAYS; everyone else in the program is "far".

In this order:

1. A chart number, or a full name (first, preferred or nickname, then last
   name) blocks, whatever the context or case.
2. An all-capitals abbreviation of clinical writing (AA, NA, ED, PO, SI, OK …)
   is never a name; nor, in lower case or at a sentence's start, one of the
   commonest English words (the, and, she, do, an, man …), even where a client
   is recorded under it; capitalized mid-sentence it is judged as in 8.
3. A family member or a professional: a relation or role word just before the
   name ("Client's mother Grace", "mother-in-law, Joy", "Dr. Lee", "PO Smith",
   "case manager, Ms. Price", "a sister named Hope") or just after it ("Grace
   (mother)", "Grace, client's aunt,") makes it a warning, not a block: the
   person is most likely not a client. (A client's relative who is also a
   client is then missed: the writer sees the warning.) A sentence's end
   between them ("… her mother. Grace shared") breaks the link.
4. After Mr./Mrs./Ms./Miss/Mx.: a name (blocks).
5. A place ("moved to Austin", "lives in Jordan"), faith ("accepted Jesus"), a
   month ("in May", "June 3rd") or season ("this Summer"): not a name. "Jesus"
   without its accent is read as faith unless possessive or in a full name
   ("Jesús" is a name).
6. Written in lower case: a far client's name is read as an ordinary word
   (nothing); a near client's everyday-word name ("with hope", "good will") is
   a warning, or nothing where it is a modal verb ("will attend", "may call");
   a near client's other name ("jose") blocks. One- and two-letter names
   ("do", "an") are never read in lower case.
7. Capitalized (or in capitals), a name that is not an everyday word blocks,
   wherever it stands; nicknames too ("Jon" for Jonathan). "Christian" before
   church, faith, values … is the adjective.
8. Capitalized, an everyday-word name (Will, Hope, Grace, Mark, May, Rose …)
   blocks when used as a name:
   - possessive ("Will's", "Hope’s");
   - followed by the initial of that client's last name ("Hope W." for Hope
     Winters), which the flag then covers too;
   - called a peer or member just after ("Hope (peer)", "Grace, a fellow member,");
   - after "that" and before a person's verb ("said that Hope relapsed");
   - mid-sentence ("talked with Will about", "thanks, Grace");
   - at the start of a sentence (or line, quotation, list item, after a
     colon), followed by a person's verb ("Hope shared", "Will said", "Mark
     reported", any "-ed" verb), by "is/was" and a person's state ("Will is
     new to group"), by "and" and another capitalized word ("Hope and Dana"),
     by a comma, slash, "&" or "+" and another client's name ("Hope, Sam and
     two staff"; near clients),
     or by an aside and then a person's verb ("Will, the newest member,
     shared");
   and is the word otherwise: a compound ("Faith-based"), before a noun it
   names ("Art therapy", "Grace period"), after a determiner ("the Summer
   program"), a modal verb at the start ("Will continue to attend"), or
   another capitalized word that does not complete a client's name ("Hope
   Street"); words often capitalized as words (English, Church, Court) need
   more than a capital mid-sentence. Those, and sentence starts that stay
   ambiguous ("Hope is what keeps him going"), are warnings for near clients
   and nothing for far ones.
9. Initials: "J.S." / "J. S." of a near client block, of a far client warn;
   an undotted capital pair ("JS") blocks for a near client only, never when
   it is a clinical abbreviation or the text around it is in capitals.

The client whose part it is is never flagged, by any of their names,
nicknames or initials; where a peer's name is part of the own one (own
"Mary-Kate", peer "Mary") the longer, own match wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.notes import guard_words as w
from iopdesk.domain.notes.guard_context import (
    _bare_verb_after,
    _called_a_peer,
    _capitals_around,
    _lower_at,
    _parts,
    _person_verb,
    _place_faith_or_date,
    _possessive,
    _relation_around,
    _sentence_start,
)
from iopdesk.domain.notes.guard_names import (
    CHART,
    CLIENT,
    COMMON,
    INITIALS,
    NAME,
    NEAR,
    NICKNAME,
    TRUE_HYPHENS,
    Entry,
    Match,
    NameIndex,
    Words,
    initial_after,
    initial_end,
    initials_in,
    scan,
)

PEER = "a peer"
BLOCK, WARN = True, False
_KIND_ORDER = {CHART: 0, NAME: 1, NICKNAME: 2}


@dataclass(frozen=True)
class Flag:
    note_id: UUID
    field: str
    start: int  # offsets into the field's text as stored
    end: int
    found: str  # the text as written there
    name: str  # the roster name (or chart number) it matches
    kind: str  # "name", "common word", "nickname", "initials" or "chart number"
    client_ids: tuple[UUID, ...]  # whose name it is, the closest to the session first
    replacement: str = PEER
    blocking: bool = True
    tier: int = 0  # how close the closest of them is (guard_names.TIER_LABELS)
    why: str = ""  # which rule decided (for the writer and the tests; never a name)

    @property
    def low_confidence(self) -> bool:
        return self.kind in (COMMON, INITIALS) or not self.blocking

    @property
    def blocks_signing(self) -> bool:
        return self.blocking


def find_flags(
    index: NameIndex,
    tiers: Mapping[UUID, int],
    note_id: UUID,
    field: str,
    text: str,
    own: UUID | None = None,
) -> list[Flag]:
    """Every flag in one field's text, in text order."""
    if not text:
        return []
    words = Words.of(text)
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []
    for match in scan(index, words):
        start, end = words.source(match.first, match.last)
        taken.append((start, end))
        if own is not None and any(e.person == own for e in match.entries):
            continue  # the client's own name (or one they share with a peer)
        flag = _judge(index, tiers, note_id, field, words, match)
        if flag is not None:
            flags.append(flag)
    for start, end, pair, dotted in initials_in(text):
        if any(s < end and start < e for s, e in taken):
            continue
        flag = _judge_initials(index, tiers, note_id, field, text, start, end, pair, dotted, own)
        if flag is not None:
            flags.append(flag)
    flags.sort(key=lambda f: f.start)
    return flags


def _judge(
    index: NameIndex, tiers: Mapping[UUID, int], note_id: UUID, field: str, words: Words, match: Match
) -> Flag | None:
    def tier(e: Entry) -> int:
        return tiers.get(e.person, CLIENT)

    entries = sorted(match.entries, key=lambda e: (tier(e), _KIND_ORDER[e.kind], not e.full, str(e.person)))
    best = entries[0]
    near = tier(best) <= NEAR
    a, b = match.first, match.last
    start, end = words.source(a, b)
    written = words.text[start:end]
    key = "".join(words.word(k) for k in range(a, b + 1))
    common = best.kind != CHART and not best.full and (
        key in w.COMMON_WORD_NAMES or key in w.FUNCTION_WORDS or len(key) <= 2
    )
    kind = CHART if best.kind == CHART else COMMON if common else best.kind
    # "Hope W." with a peer Hope Winters: the last initial makes the everyday word her name.
    initial = initial_after(words, b) if kind == COMMON else ""
    named = [e for e in entries if initial and index.last_initials.get(e.person) == initial]
    if named:
        entries = named + [e for e in entries if e not in named]
        best, near = entries[0], tier(entries[0]) <= NEAR
    # "Hope, Will and May shared": another client's name next in a list at a sentence's start.
    name_after = not _lower_at(words, b + 1) and (words.word(b + 1),) in index.keys
    verdict = _verdict(words, a, b, written, key, best, kind, near, bool(named), name_after)
    if verdict is None:
        return None
    blocking, why = verdict
    if named and blocking:
        end = initial_end(words, b + 1)
        written = words.text[start:end]
    owners = tuple(dict.fromkeys(e.person for e in entries))
    return Flag(note_id, field, start, end, written, best.shown, kind, owners,
                blocking=blocking, tier=tier(best), why=why)


def _verdict(
    words: Words,
    a: int,
    b: int,
    written: str,
    key: str,
    best: Entry,
    kind: str,
    near: bool,
    last_initial: bool = False,
    name_after: bool = False,
) -> tuple[bool, str] | None:
    soft = (WARN, "ambiguous") if near else None
    lower = not any(ch.isupper() for ch in written)
    if kind == COMMON and written.isupper() and len(written) > 1 and _capitals_around(words, a, b):
        lower = True  # "DEAR MAN", "WILL CALL BACK": text in capitals says nothing of names
    prev, prev2, nxt = words.word(a - 1), words.word(a - 2), words.word(b + 1)
    if kind == CHART:
        return BLOCK, "chart number"
    if best.full:
        if lower and all(x in w.COMMON_WORD_NAMES for x in _parts(words, a, b)):
            return soft  # "hope long", not "Hope Long"
        return BLOCK, "full name"
    if written.isupper() and len(key) <= 5 and key in w.CLINICAL_ABBREVIATIONS:
        return None
    if key in w.FUNCTION_WORDS and (lower or _sentence_start(words, a)):
        return None  # "the", "She said": only a capital mid-sentence may make "Do" or "An" a name
    if _relation_around(words, a, b):
        return None if lower and not near else (WARN, "family member or professional")
    if prev in w.HONORIFICS and not lower:
        return BLOCK, "after a title"
    if _place_faith_or_date(words, a, b, key, prev, prev2, nxt):
        return None
    if lower:
        if len(key) <= 2 or not near:
            return None
        if kind in (COMMON, NICKNAME):
            if key in w.MODAL_NAMES and _bare_verb_after(words, b) and prev not in w.NOUN_BEFORE:
                return None  # "will call", not "good will toward"
            return WARN, "everyday word in lower case"
        return BLOCK, "name"
    if kind != COMMON:
        if key in w.ADJECTIVE_NAMES and nxt in w.ADJECTIVE_NOUNS:
            return None
        if key in w.FAITH_NAMES and written.isascii() and not _possessive(words, b):
            return soft  # "said Jesus saved his life"; "Jesús", with its accent, is a name
        return BLOCK, "name"
    if last_initial:
        return BLOCK, "name and last initial"
    if _called_a_peer(words, b):
        return BLOCK, "called a peer"
    if _possessive(words, b):
        return BLOCK, "possessive"
    if nxt and words.sep(b + 1) == "-" and _lower_at(words, b + 1):
        if words.text[words.source(b + 1, b + 1)[0] - 1] in TRUE_HYPHENS:
            return None  # a compound word: "Faith-based" (not "Hope—that", an em dash)
    if nxt in w.NOUNS_AFTER and _lower_at(words, b + 1):
        return None
    if prev in w.DETERMINERS and words.sep(a).strip() == "":
        if prev == "that" and words.sep(b + 1).strip() == "" and _person_verb(words, b + 1):
            return BLOCK, "a person's verb"  # "said that Hope cried": the conjunction, not "that Hope"
        return soft
    capital_after = bool(nxt) and words.sep(b + 1).strip() == "" and not _lower_at(words, b + 1)
    if _sentence_start(words, a):
        return _sentence_initial(words, b, key, soft, capital_after, name_after)
    if capital_after and not words.is_digit(b + 1):
        return soft  # "Hope Street": a proper name that is not a client's full name
    if key in w.CAPITALIZED_WORDS:
        return soft  # "in English", "attends Church": a capital is no evidence here
    return BLOCK, "capitalized mid-sentence"


def _sentence_initial(
    words: Words, b: int, key: str, soft: tuple[bool, str] | None, capital_after: bool, name_after: bool
) -> tuple[bool, str] | None:
    nxt = words.word(b + 1)
    sep = words.sep(b + 1).strip()
    if sep in (",", "/", "&", "+") and name_after and soft is not None:
        return BLOCK, "two names"
    if sep == ",":
        # "Will, the newest member, shared …": the verb after the aside
        k = next((k for k in range(b + 2, b + 9) if words.sep(k).strip() == ","), None)
        if k is not None and _person_verb(words, k):
            return BLOCK, "a person's verb"
        return soft
    if not nxt or sep:
        return soft
    if nxt in ("and", "or"):
        after = b + 2
        return (BLOCK, "two names") if words.word(after) and not _lower_at(words, after) else soft
    if nxt in ("is", "was"):
        return (BLOCK, "a person's state") if words.word(b + 2) in w.PERSON_STATES else soft
    if _person_verb(words, b + 1):
        return BLOCK, "a person's verb"
    if capital_after:
        return soft
    if key in w.MODAL_NAMES:
        return None  # "Will continue to attend": the verb
    return soft


def _judge_initials(
    index: NameIndex,
    tiers: Mapping[UUID, int],
    note_id: UUID,
    field: str,
    text: str,
    start: int,
    end: int,
    pair: str,
    dotted: bool,
    own: UUID | None,
) -> Flag | None:
    owners = index.initials.get(pair, [])
    if not owners or (own is not None and own in owners) or pair in w.CLINICAL_ABBREVIATIONS:
        return None
    ranked = sorted(owners, key=lambda p: (tiers.get(p, CLIENT), str(p)))
    closest = tiers.get(ranked[0], CLIENT)
    near = closest <= NEAR
    words = Words.of(text)
    k = next((i for i, (s, _e) in enumerate(words.spans) if words.index[s] >= start), len(words))
    if k > 0 and _relation_around(words, k, k):
        blocking, why = WARN, "family member or professional"
    elif near:
        blocking, why = BLOCK, "initials"
    elif dotted:
        blocking, why = WARN, "initials of a client in another group"
    else:
        return None
    rest = text[end:].lstrip(" \t")
    if text[end - 1] == "." and (not rest or rest[0] in "\n\r" or rest[0].isupper()):
        end -= 1  # the period also ends the sentence: it stays when the initials are replaced
    return Flag(note_id, field, start, end, text[start:end], index.names[ranked[0]], INITIALS,
                tuple(ranked), blocking=blocking, tier=closest, why=why)
