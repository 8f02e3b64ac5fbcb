"""The text of a roster file: which encoding it was saved in, and cells that cannot be stored.

Spreadsheets save CSV as UTF-8, UTF-16, the Windows code page or (Excel for
Mac) Mac Roman; some files mix two (rows pasted from another sheet). Names must
not carry invisible characters: a control character, or a bidirectional
override that makes "Ruiz" display as "ziuR".
"""

from __future__ import annotations

import codecs
import itertools
import re

# Characters that change how a name is shown without being seen: C0/C1 controls, the
# bidirectional marks and overrides that can make "Ruiz" display as "ziuR" (or hide text), and the
# zero-width space, word joiner and soft hyphen a name pasted from a web page may carry ("Ruiz" and
# "Ruiz" + U+200B look alike but are two names, so the same client would be created twice).
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
# What UTF-8 accents become when read as Windows-1252: "é" -> "Ã©", "ñ" -> "Ã±", "’" -> "â€™".
GARBLED = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a]|â€|Â[\u00a0-\u00bf]"
)


MIXED = "utf-8+cp1252"  # the encoding of a file whose lines are UTF-8 and Windows-1252 both
MAC_ROMAN = "mac-roman"
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Punctuation that Windows-1252 text holds (and Mac Roman reads as letters): "Dad’s", “quoted”.
_TYPOGRAPHIC = "’‘“”…\u00a0´™®©°–—"
_JUDGED = 5000  # non-ASCII characters enough to tell the two apart, however large the file
_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve|am|all|clock|em)(?![a-z])", re.IGNORECASE)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


# Files people pick by mistake in the import dialog, by their first bytes: a workbook is not a CSV.
SAVE_AS_CSV = (
    'open it in the spreadsheet program and save it as CSV (File → Save As, "CSV UTF-8"), '
    "then import that file."
)
SIGNATURES = (
    (b"PK\x03\x04", "This is a spreadsheet workbook (.xlsx or .ods), not a CSV file: " + SAVE_AS_CSV),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "This is an Excel 97–2003 workbook (.xls), not a CSV file: " + SAVE_AS_CSV,
    ),
    (
        b"%PDF-",
        "This is a PDF, not a CSV file: export the roster from its program as CSV and import that file.",
    ),
)
# "Export to Excel" in many web programs saves an HTML table (or Excel's XML) under a .xls name.
MARKUP = (b"<!doctype html", b"<html", b"<table", b"<?xml")
MARKUP_REASON = (
    "This is a web page or XML file (what some programs save as an Excel file), not a CSV file: "
    + SAVE_AS_CSV
)
SAMPLE = 4096  # bytes looked at to tell text from a binary file
# More control bytes than this share of the sample (and at least BINARY_LEAST): not a text file. A
# stray control character in a cell is a named bad cell, not a refused file.
BINARY_SHARE = 0.05
BINARY_LEAST = 16


def not_text(data: bytes) -> str | None:
    """Why ``data`` cannot be a CSV file at all (a workbook, a PDF, another binary file), or None.

    Checked before decoding: Windows-1252 would "read" any bytes, and the refusal would then show
    the binary's first bytes as if they were column names."""
    for signature, reason in SIGNATURES:
        if data.startswith(signature):
            return reason
    if data[:SAMPLE].lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower().startswith(MARKUP):
        return MARKUP_REASON
    sample = data[:SAMPLE]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(sample):
        return None  # UTF-16 text: every other byte is zero
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    if controls >= BINARY_LEAST and controls > BINARY_SHARE * len(sample):
        return "This file is not text, so it cannot be a CSV file: choose the roster's CSV file."
    return None


def _utf16_without_bom(sample: bytes) -> bool:
    """UTF-16 saved without its BOM: most characters are ASCII, so half the bytes are zero."""
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample) and sample.count(0) * 2 <= len(sample) + 1


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 or Mac Roman.

    A file that is neither all UTF-8 nor plain Windows-1252 but holds UTF-8 letters
    (rows pasted together from two spreadsheets) is read as UTF-8 with the other bytes
    marked (U+FFFD), and named MIXED: reading it all as Windows-1252 would garble every
    UTF-8 accent ("José" -> "JosÃ©") without a word. The rows holding marks are named."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"  # Excel's "Unicode text"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _utf8_letters(data):
        return data.decode("utf-8", errors="replace"), MIXED
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"  # cp1252 leaves five bytes undefined
    # Excel for Mac's "Comma Separated Values" is Mac Roman: read as Windows-1252, "José" shows as
    # "JosŽ" and "Ibáñez" as "Ib‡–ez". Both read one byte as one character, so the two readings can
    # be compared character by character; Mac Roman is taken only when its letters fit better.
    mac = data.decode("mac_roman")
    if _fit(mac, text) > _fit(text):
        return mac, MAC_ROMAN
    return text, encoding


def _fit(text: str, windows: str | None = None) -> int:
    """How well ``text``'s non-ASCII characters sit among its letters, as a name would have them:
    +1 for a letter whose case fits ("é" in "José"), -1 for a misfit (a capital after a lowercase
    letter, a symbol touching a letter, a control character). In the Mac Roman reading a letter
    that the ``windows`` reading shows as common punctuation ("í" for "’" in "Dad’s") proves nothing."""
    score = 0
    for match in itertools.islice(_NON_ASCII.finditer(text), _JUDGED):
        at = match.start()
        judged = _judge(text, at)
        if judged < 0 or windows is None or windows[at] not in _TYPOGRAPHIC:
            score += judged
    return score


def _judge(text: str, at: int) -> int:
    char, before, after = text[at], text[at - 1 : at] if at else "", text[at + 1 : at + 2]
    if "\x80" <= char <= "\x9f":
        return -1
    if char in _TYPOGRAPHIC:
        # In Windows-1252, Mac Roman's "ñ" is "–" ("Mu–oz"), its "ë" is "‘" ("Zo‘") and its "í" is
        # "’" ("Garc’a"), where an apostrophe starts no ending such as "’s" or "’ll" (so a Windows
        # file whose only such character is the one in "Dell’acqua" is read as Mac Roman).
        if char in "–™":
            return -1 if before.islower() and after.islower() else 0
        if char == "‘":
            return -1 if before.isalpha() else 0
        if char == "—":  # Mac Roman's "ó" after a capital that starts a word: "L—pez"
            first = at < 2 or not text[at - 2].isalpha()
            return -1 if before.isupper() and first and after.islower() else 0
        if char == "’" and before.islower() and after.islower():
            return 0 if _CONTRACTION.match(text, at + 1) else -1
        return 0
    near = before.isalpha() or after.isalpha()
    cased = char.upper() != char.lower()  # not "ª" or "ˆ", which are letters without a case
    if cased and char.isupper():
        return -1 if before.islower() or (before.isalpha() and after.islower()) else int(near)
    if cased:
        return -1 if before.isupper() and not after.islower() else int(before.isalpha())
    # A symbol outside Latin-1 touching a letter ("Garc‡a", "Bjˆrk"), which no name holds; Latin-1's
    # own ("«ok»", "¡Hola!", "x²") may well be meant.
    return -1 if near and (ord(char) > 0xFF or char in "·¸") else 0


def _utf8_letters(data: bytes) -> bool:
    """Whether ``data`` holds well-formed multi-byte UTF-8 letters (Windows-1252 text rarely does)."""
    for match in _UTF8_SEQUENCE.finditer(data):
        try:
            match.group().decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


# How a spreadsheet shows a long number in a General cell (1.23457E+11), and saves it so in CSV:
# the digits past the sixth are gone.
SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?E\+\d{1,3}", re.IGNORECASE)


def unreadable(value: str, label: str, *, kind: str = "") -> str | None:
    """Why a text cell cannot be stored as it is: invisible control characters, garbling, in a name
    (``kind`` "name") the "?" Excel's plain CSV writes for each letter its code page lacks ("Nguyễn"
    -> "Nguy?n"), in a chart or phone number (``kind`` "number") scientific notation."""
    hidden = INVISIBLE.search(value)
    if hidden:
        code = f"U+{ord(hidden.group()):04X}"
        return f"The {label} holds an invisible control character ({code}); type it again by hand."
    garbled = GARBLED.search(value)
    if garbled:
        return (
            f"The {label} looks garbled (“{garbled.group()}” is what an accent such as “é” becomes "
            'when a UTF-8 file is read as Windows-1252); correct it, or save the file as "CSV UTF-8".'
        )
    if kind == "number" and SCIENTIFIC.fullmatch(value):
        return (
            f"The {label} {value} was shortened by the spreadsheet (scientific notation): format that "
            "column as Text or as Number with no decimals, check the digits, and save the CSV again."
        )
    if kind == "name" and "?" in value:
        return (
            f"The {label} holds “?”, which Excel writes for a letter a plain CSV file cannot hold "
            '(such as “ễ” or “Ł”): save the file as "CSV UTF-8" and import that file.'
        )
    return None
