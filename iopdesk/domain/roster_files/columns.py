"""The columns a roster file may have, under the names people give them.

Header cells are compared after ``header_key``: lower case, "#" read as
"number", punctuation as spaces ("Chart #" = "chart number", "D.O.B." = "d o b");
``field_for`` also tries the cell without a bracketed hint ("DOB (MM/DD/YYYY)").
"""

from __future__ import annotations

import re

from iopdesk.domain.kernel import vocab

_SYNONYMS = {
    "legal_first": "first|first name|firstname|given name|given|forename|legal first|legal first name"
    "|client first name|patient first name",
    "legal_last": "last|last name|lastname|surname|family name|legal last|legal last name"
    "|client last name|patient last name",
    "full_name": "name|legal name|full name|client name|client|patient name|patient",
    "preferred_name": "preferred|preferred name|nickname|nick name|goes by|known as",
    "date_of_birth": "dob|d o b|date of birth|birthdate|birth date|birthday|born",
    "chart_number": "mrn|chart|chart number|chart no|chart num|record number|record no|medical record number"
    "|medical record|client number|client no|client id|patient id",
    "phone": "phone|phone number|telephone|tel|mobile|cell|cell phone|client phone",
    "emergency_contact_name": "emergency contact|emergency contact name|emergency name|ice",
    "emergency_contact_phone": "emergency phone|emergency contact phone|emergency number"
    "|emergency contact number|ice phone",
    "admission_date": "admission date|admit date|admission|admitted|date admitted|date of admission"
    "|admission dt|intake date",
    "status": "status|client status",
    "group": "group|group name",
    "level_of_care": "level of care|loc|level|care level|asam level|asam level of care",
    "population": "population|client population|adult or adolescent|adult adolescent|age group",
}
SYNONYMS: dict[str, tuple[str, ...]] = {field: tuple(names.split("|")) for field, names in _SYNONYMS.items()}
HEADER_TO_FIELD = {name: field for field, names in SYNONYMS.items() for name in names}
LABELS = {
    "legal_first": "first name",
    "legal_last": "last name",
    "full_name": "name",
    "preferred_name": "preferred name",
    "date_of_birth": "date of birth",
    "chart_number": "chart number",
    "phone": "phone",
    "emergency_contact_name": "emergency contact",
    "emergency_contact_phone": "emergency phone",
    "admission_date": "admission date",
    "status": "status",
    "group": "group",
    "level_of_care": "level of care",
    "population": "population",
}
NAME_FIELDS = ("legal_first", "legal_last", "preferred_name", "emergency_contact_name")
NUMBER_FIELDS = ("chart_number", "phone", "emergency_contact_phone")
# The client table's column widths, so a long cell is a row error, not a database error.
MAX_LEN = {
    "legal_first": 80,
    "legal_last": 80,
    "preferred_name": 80,
    "chart_number": 40,
    "phone": 40,
    "emergency_contact_name": 120,
    "emergency_contact_phone": 40,
    "group": 120,
}


def header_key(cell: str) -> str:
    text = cell.replace("\ufeff", "").strip().lower().replace("#", " number ")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def field_for(cell: str) -> str | None:
    """The field a header cell names; a hint in brackets is read only if the whole is unknown:
    "Date of Birth (MM/DD/YYYY)" is the date of birth, "Emergency contact (phone)" still its phone."""
    return HEADER_TO_FIELD.get(header_key(cell)) or HEADER_TO_FIELD.get(header_key(_ASIDE.sub(" ", cell)))


def split_name(full: str) -> tuple[str, str]:
    """(first, last) from "Last, First" or "First Middle Last" (the last word is the last name)."""
    if "," in full:
        last, _, first = full.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = full.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


def status_key(text: str) -> str | None:
    """A client status from its key or label, however written ("On hold", "on-hold", "ON_HOLD")."""
    wanted = re.sub(r"[^a-z]+", "_", text.lower()).strip("_")
    for key, label in vocab.CLIENT_STATUSES.items():
        if wanted in (key, re.sub(r"[^a-z]+", "_", label.lower()).strip("_"), key.replace("_", "")):
            return key
    return None


POPULATION_WORDS = {
    "adult": "adult",
    "adults": "adult",
    "adolescent": "adolescent",
    "adolescents": "adolescent",
    "teen": "adolescent",
    "teens": "adolescent",
    "youth": "adolescent",
}


def population_key(text: str) -> str | None:
    """A population from how a sheet may write it ("Adult", "adolescent", "Teen")."""
    return POPULATION_WORDS.get(re.sub(r"[^a-z]+", "", text.lower()))


def level_code(text: str) -> str:
    """A level-of-care code as the clinic keeps it: "Level 2.1", "ASAM 2.1" and "2.10" are 2.1;
    whether the clinic offers that level is checked on import (its list is a clinic setting)."""
    code = re.sub(r"^(asam\s*)?(level\s*)?", "", text.strip().lower()).strip()
    if re.fullmatch(r"\d+(\.\d+)?", code):
        whole, _, part = code.partition(".")
        part = part.rstrip("0")
        return f"{int(whole)}.{part}" if part else str(int(whole))
    return text.strip()
