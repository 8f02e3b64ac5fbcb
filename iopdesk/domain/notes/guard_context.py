"""What the words around a name say, for the confidentiality guard's rules (guard_rules.py).

Yes-or-no readings of a name's neighbours: a sentence's start, a possessive, a
relation or role word, a place, faith or date, a person's verb, "called a peer".
They read only the scanned words and the word lists (guard_words.py), never a
roster; they live apart from the rules that weigh them to keep guard_rules.py
under ~400 lines.
"""

from __future__ import annotations

from iopdesk.domain.notes import guard_words as w
from iopdesk.domain.notes.guard_names import Words

_OPENERS = "\"'“‘«([{"
_BULLETS = "-*•·–—"
_SKIP_BEFORE = frozenset({"named", "called", "is", "was"}) | w.HONORIFICS
_SKIP_AFTER = frozenset({"client", "s", "his", "her", "their", "the", "pt", "patient", "a", "my", "member"})


def _called_a_peer(words: Words, b: int) -> bool:
    """ "Hope (peer)", "Grace, a fellow group member,": the words after the name say it is a client."""
    sep = words.sep(b + 1)
    if "(" not in sep and "," not in sep and sep.strip() not in ("-", "--"):
        return False
    k = b + 1
    while words.word(k) in w.PEER_SKIP and k < b + 4:
        k += 1
    if words.word(k) not in w.PEER_WORDS:
        return False
    after = words.sep(k + 1).strip()  # the aside ends there: "Hope, peer support and …" is no aside
    return k + 1 >= len(words) or after[:1] in (")", ",", "-", ".", ";")


def _person_verb(words: Words, k: int) -> bool:
    word = words.word(k)
    return word in w.PERSON_VERBS or (len(word) > 4 and word.endswith("ed") and _lower_at(words, k))


def _capitals_around(words: Words, a: int, b: int) -> bool:
    # ("dEAR MAN": a capitalized phrase whose first letter was lowered still counts)
    return any(
        len(x) > 1 and sum(ch.isupper() for ch in x) >= len(x) - 1
        for x in (words.written(a - 1), words.written(b + 1))
    )


def _parts(words: Words, a: int, b: int) -> list[str]:
    return [words.word(k) for k in range(a, b + 1)]


def _lower_at(words: Words, k: int) -> bool:
    text = words.written(k)
    return bool(text) and not text[0].isupper()


def _possessive(words: Words, b: int) -> bool:
    sep = words.sep(b + 1)
    if sep == "'" and words.word(b + 1) == "s":
        return True
    # "James' car": the apostrophe closes the word
    return sep.startswith("'") and words.word(b).endswith("s") and (len(sep) > 1 or b + 1 >= len(words))


def _bare_verb_after(words: Words, b: int) -> bool:
    nxt = words.word(b + 1)
    return (
        bool(nxt)
        and words.sep(b + 1).strip() == ""
        and _lower_at(words, b + 1)
        and nxt not in w.PERSON_VERBS
        and nxt not in ("is", "was", "s")
        and not nxt.endswith("ed")
    )


def _relation_around(words: Words, a: int, b: int) -> bool:
    k = a - 1
    while k >= 0 and words.word(k) in _SKIP_BEFORE and k > a - 4:
        k -= 1
    sep = words.sep(k + 1).strip()
    if k >= 0 and sep in ("", ",", ".", ":") and "\n" not in words.sep(k + 1):
        before = words.word(k)
        # "Dr. Lee", not "… her mother. Grace shared": a period only after an abbreviation
        related = before in w.RELATION_WORDS or before in w.ROLE_WORDS
        if related and (sep != "." or before in w.ABBREVIATIONS):
            return True
    sep = words.sep(b + 1)
    if "," in sep or "(" in sep or sep.strip() in ("-", "--"):
        k = b + 1
        while words.word(k) in _SKIP_AFTER and k < b + 4:
            k += 1
        return words.word(k) in w.RELATION_WORDS or words.word(k) in w.ROLE_WORDS
    return False


def _place_faith_or_date(words: Words, a: int, b: int, key: str, prev: str, prev2: str, nxt: str) -> bool:
    if key in w.PLACE_NAMES and (prev in w.PLACE_BEFORE or (prev == "to" and prev2 in w.PLACE_VERBS)):
        return True
    if key in w.FAITH_NAMES and (prev in w.FAITH_BEFORE or _sentence_start(words, a)):
        return True
    if key in w.MONTHS and (prev in w.MONTH_BEFORE or words.is_digit(a - 1) or words.is_digit(b + 1)):
        return True
    return key in w.SEASONS and prev in w.MONTH_BEFORE | {"the", "over", "last", "next"}


def _sentence_start(words: Words, a: int) -> bool:
    """Whether word a begins a sentence, a line, a quotation or a list item."""
    text = words.text
    i = words.source(a, a)[0] - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return True
    if text[i] in _BULLETS:
        j = i - 1
        while j >= 0 and text[j] in " \t\u00a0":
            j -= 1
        return j < 0 or text[j] in "\n\r"
    if text[i] in "!?:":
        return True
    if text[i] == ".":
        j = i
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        before = text[j:i].lower()
        initial = len(before) == 1 and text[j].isupper()  # "J. Smith"
        return not (before in w.ABBREVIATIONS or initial)
    return False
