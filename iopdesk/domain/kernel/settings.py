"""Clinic settings: each declared once, with its type, default, title and allowed values.

Clinic-wide values live in the database (every workstation sees the same), in
the ``clinic_setting`` table (migration 0014), one row per setting with an id
derived from its key: they travel between the clinic and its satellite laptops
like other synced rows (changed at two places apart, the later edit wins and the
other is kept as a sync conflict). What belongs to one database alone (its
device id, sync marks, the audit head, …) stays in ``setting`` and never
travels; per-machine UI state lives in QSettings in the ui layer.

Every change goes through ``set_value`` (a settings dialog and ``iopdesk
settings set`` alike): administrators and supervisors may change them, the
sign-in and lock settings only administrators; each value is checked against
its range (an absence limit of -5, a blank Part 2 notice, a notice that does not
name 42 CFR part 2, a floor at or above partial-hospitalization intensity are
refused with one line naming the setting and what it allows); each change is
audited. A stored value that is not allowed (written around the program) reads
as the default.

The settings themselves (``DECLARED``: each one's type, default, title and
range, and ``BELOW``, the order some keep among themselves) are declared in
declared_settings.py; those names are found here too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from iopdesk.domain.kernel import audit, ids, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.declared_settings import (  # noqa: F401  (callers find them here)
    BELOW,
    DECLARED,
    LEVELS_OF_CARE,
    MEASURE_SCHEDULE,
    PART2_NOTICE,
    SCREENING_CRITERIA,
    Declared,
)
from iopdesk.domain.kernel.errors import ConflictError, ValidationError
from iopdesk.store import transaction
from iopdesk.store.models import ClinicSetting


def get(key: str) -> Any:
    return values(key)[key]


def values(*keys: str) -> dict[str, Any]:
    """Several settings with one query (a screen that needs five asks once)."""
    unknown = [key for key in keys if key not in DECLARED]
    if unknown:
        raise KeyError(unknown[0])
    stored = dict(
        ClinicSetting.select(ClinicSetting.key, ClinicSetting.value)
        .where(ClinicSetting.key.in_(keys))
        .tuples()
    )
    return {key: _parsed(DECLARED[key], stored.get(key)) for key in keys}


def _parsed(declared: Declared, stored: str | None) -> Any:
    """A stored value, or the default when it is missing or not allowed (written around the program)."""
    if stored is None:
        return declared.default
    try:
        value = json.loads(stored)
    except ValueError:
        return declared.default
    return value if declared.problem(value) is None else declared.default


@dataclass(frozen=True)
class SettingInfo:
    """A setting as a settings screen or ``iopdesk settings list`` shows it."""

    key: str
    title: str
    value: Any
    default: Any
    allowed: str  # the values allowed, in words
    kind: str  # "int" or "str"
    security: bool  # the administrator's alone


def listing() -> list[SettingInfo]:
    """Every clinic setting with its current value, in the order declared (one query)."""
    current = values(*DECLARED)
    return [
        SettingInfo(
            d.key, d.title, current[d.key], d.default, d.allowed(), d.kind.__name__, d.key in SECURITY_KEYS
        )
        for d in DECLARED.values()
    ]


def problem(key: str, value: Any) -> str | None:
    """What is wrong with setting ``key`` to ``value`` (range, order among settings); None if allowed."""
    declared = DECLARED.get(key)
    if declared is None:
        return f"There is no setting called {key!r}."
    wrong = declared.problem(value)
    if wrong is not None:
        return wrong
    for lower, higher in BELOW:
        if key in (lower, higher):
            other = higher if key == lower else lower
            low, high = (value, get(other)) if key == lower else (get(other), value)
            if low >= high:
                return (
                    f"{key} ({declared.title}) must keep {lower} below {higher}: {low} is not below {high}."
                )
    return None


def problems(changes: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with making several changes together, by setting ({} when all are allowed).

    A settings screen saves several values at once: the order among settings
    (``BELOW``) is judged on the values they would have together, so raising
    the PHP figure and a floor above the old PHP figure in one go is allowed.
    ``in_order`` then gives the order ``set_value`` takes them in, one by one.
    """
    out: dict[str, str] = {}
    for key, value in changes.items():
        declared = DECLARED.get(key)
        wrong = f"There is no setting called {key!r}." if declared is None else declared.problem(value)
        if wrong is not None:
            out[key] = wrong
    pairs = [(lower, higher) for lower, higher in BELOW if lower in changes or higher in changes]
    if pairs:
        now = values(*{k for pair in pairs for k in pair})
        for lower, higher in pairs:
            low, high = changes.get(lower, now[lower]), changes.get(higher, now[higher])
            if lower in out or higher in out or low < high:
                continue
            key = lower if lower in changes else higher
            out[key] = (
                f"{key} ({DECLARED[key].title}) must keep {lower} below {higher}: {low} is not below {high}."
            )
    return out


def in_order(changes: Mapping[str, Any]) -> list[str]:
    """The keys of ``changes`` (allowed together: ``problems``) in an order in which each
    ``set_value`` keeps the order among settings: a higher figure that rises goes first, one that
    falls goes last."""
    highers = {higher for _lower, higher in BELOW}
    current = values(*(k for k in changes if k in highers))
    rising = [k for k in changes if k in highers and changes[k] >= current[k]]
    falling = [k for k in changes if k in highers and changes[k] < current[k]]
    return rising + [k for k in changes if k not in highers] + falling


# Sign-in and screen-lock settings: the administrator's alone.
SECURITY_KEYS = frozenset({"idle_lock_minutes", "lockout_attempts", "lockout_minutes"})


_ANY = object()  # set_value's based_on when the caller names no earlier value (a command)


def set_value(actor: Actor, key: str, value: Any, *, based_on: Any = _ANY) -> None:
    """Change one clinic setting (administrators and supervisors; the sign-in settings the
    administrator's alone); refused with a one-line message naming the setting and what it allows.

    ``based_on``: the value the person saw when they began to change it (a settings window). If
    another workstation has changed it since, the change is refused (``changed_meanwhile``) rather
    than put the value seen back over theirs; setting the value already there is no conflict."""
    action = permissions.SECURITY_EDIT if key in SECURITY_KEYS else permissions.SETTINGS_EDIT
    permissions.require(actor, action, record_type="setting", record_id=key)
    if key not in DECLARED:
        raise ValidationError(f"There is no setting called {key!r}.", field=key)
    if isinstance(value, str) and DECLARED[key].kind is str and not DECLARED[key].choices:
        value = value.strip()
    with transaction():
        wrong = problem(key, value)
        if wrong is not None:
            raise ValidationError(wrong, field=key)
        old = get(key)
        if based_on is not _ANY and old != based_on and old != value:
            raise changed_meanwhile(key, old)
        store(key, value)
        if old != value:
            audit.record(
                actor, audit.CHANGE, record_type="setting", record_id=key, changes={key: [old, value]}
            )


def changed_meanwhile(key: str, now: Any = _ANY) -> ConflictError:
    """The refusal of a change made on a value another workstation has changed since (``now``: the
    value there now, said when it is a number or a yes/no)."""
    said = f" (it is now {now})" if isinstance(now, int) else ""
    return ConflictError(
        f"{key} ({DECLARED[key].title}) was changed at another workstation a moment ago{said}; "
        "look at it again and make your change once more."
    )


def store(key: str, value: Any) -> None:
    """Write one declared setting's value (inside the caller's transaction; ``set_value`` checks and
    audits it). A value stored as it already is is not written: a save that changes nothing is no
    edit to send to the other places. Otherwise the row is stamped, so the later of two places'
    edits wins their merge."""
    text = json.dumps(value)
    if ClinicSetting.select().where((ClinicSetting.key == key) & (ClinicSetting.value == text)).exists():
        return
    now = utcnow()
    ClinicSetting.insert(id=ids.setting_id(key), key=key, value=text, updated_at=now, version=1).on_conflict(
        conflict_target=[ClinicSetting.key],
        update={
            ClinicSetting.value: text,
            ClinicSetting.updated_at: now,
            ClinicSetting.version: ClinicSetting.version + 1,
        },
    ).execute()
