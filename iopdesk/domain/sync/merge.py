"""The clinic's rules when two places changed the same row (their version vectors are concurrent).

Every rule picks the winning state by an order that does not depend on which place merges, or in
which order files arrive (so every place ends with the same records), and keeps what lost — it is
never dropped, and never decided silently where a person should look:

- A note: signed beats awaiting co-signature beats a draft (a signed note never changes again);
  between two of the same standing the later edit wins. The text that lost, if it differs, becomes a
  note conflict (the one the notes screen already shows when two saves race), which its author
  resolves. Its id comes from the note and the text, so two places keeping one text keep one row.
- Attendance marked at both places: one row per client and session (minutes are never counted twice);
  the later mark wins, both marks stay in the attendance history (each place's change rows travel),
  and the mark that lost is kept as a sync conflict, shown until a person settles it.
- Note conflicts and sync conflicts themselves: resolved beats unresolved; nothing more to keep.
- A group facilitator link (one per group and staff member, its id derived from the two, so a
  person assigned at two places apart is one row): removed beats present, since the link grants
  reading the group's records; between two of the same standing the later edit wins and nothing is
  kept (both places meant the same link: a lead flag or a time is no record to settle). When one
  place removed it and the other kept or revived it, what lost is kept as a sync conflict.
- A staff account (no edit stamp of its own): closed beats open, since an account signs in and
  reads records (access errs closed: an account deactivated at the clinic while a laptop changed
  it stays deactivated everywhere); between two of the same standing the order is the states'
  hash (no place's clock says which edit came later). What lost is kept as a sync conflict.
- Any other row (clients, groups, enrollments, sessions, the clinic's note templates and snippets,
  the clinic's settings…): the later edit wins, the whole state that lost is kept as a sync
  conflict (shown, with both versions; a setting by its title). A clinic setting is one row per
  key at every place (its id derived from the key), so a setting changed at two places apart is
  one row to merge. A template (one row per note format, its id derived from the format) reset to the
  shipped default holds no definition, and a deleted snippet is marked removed: both are edits
  like any other, so a reset or a removal against a later change loses and is kept, and the other
  way round.
Two states that differ only in their edit stamps (``updated_at``, ``version``) lose nothing either
way, so nothing is kept: a group saved at both places only to change its facilitators (the form
stamps the group row), or a note format reset at both places, is no conflict for a person.
A note signed apart at both places cannot change at either: each keeps its own, and the other's text
is kept both as a sync conflict and as a note conflict on the note (its author sees it there).
Signed notes, addenda, attendance history and audit entries are never edited, so for them two places
only ever add rows: the same row arriving twice is one row.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from iopdesk.domain.kernel import ids
from iopdesk.domain.sync.rows import State, client_of, state_hash

NOTE_RANK = {"draft": 0, "pending_cosign": 1, "signed": 2}
RESOLVABLE = {"note_conflict", "sync_conflict"}
STAMPS = ("updated_at", "version")  # when a row was edited, not what it says
LINKS = {"group_facilitator"}  # assignments that may be removed (removed_at) and made again


def _key(table: str, state: State) -> tuple[Any, ...]:
    digest = state_hash(state)
    edited = (state.get("updated_at") or "", state.get("version") or 0)
    if table == "note":
        return (NOTE_RANK.get(state.get("status") or "", -1), *edited, digest)
    if table == "attendance":
        return (state.get("recorded_at") or "", *edited, digest)
    if table in RESOLVABLE:
        return (state.get("resolved_at") is not None, *edited, digest)
    if table in LINKS:
        return (state.get("removed_at") is not None, *edited, digest)
    if table == "staff":  # no updated_at: ordered by the hash alone, a deactivation lost half the time
        return (not state.get("active"), digest)
    return (*edited, digest)


def join(table: str, mine: State, theirs: State) -> tuple[State, State, list[tuple[str, State]]]:
    """(winner, loser, rows to keep what lost) for two concurrent states of one row."""
    winner, loser = (mine, theirs) if _key(table, mine) >= _key(table, theirs) else (theirs, mine)
    if table in RESOLVABLE:
        return winner, loser, []
    if table in LINKS and (winner.get("removed_at") is None) == (loser.get("removed_at") is None):
        return winner, loser, []
    if table == "note":
        return winner, loser, note_kept(winner, loser)
    if _unstamped(winner) == _unstamped(loser):
        return winner, loser, []
    return winner, loser, [("sync_conflict", sync_conflict(table, winner, loser))]


def _unstamped(state: State) -> State:
    return {column: value for column, value in state.items() if column not in STAMPS}


def note_kept(winner: State, loser: State) -> list[tuple[str, State]]:
    body = loser.get("body") or "{}"
    if body == (winner.get("body") or "{}") or not any(str(v).strip() for v in json.loads(body).values()):
        return []  # nothing of the loser's text is missing from the note
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    stamp = loser.get("updated_at")
    conflict = {
        "id": ids.derived("note-conflict", loser["id"], digest).hex,
        "origin_site_id": loser.get("origin_site_id"),
        "created_at": stamp,
        "updated_at": stamp,
        "version": 1,
        "retired_at": None,
        "note_id": loser["id"],
        "author_id": loser.get("author_id"),
        "body": body,
        "based_on_version": loser.get("version") or 1,
        "resolved_at": None,
    }
    return [("note_conflict", conflict)]


def sync_conflict(table: str, winner: State, loser: State) -> State:
    """The row that keeps a losing state, shown until a person settles it."""
    lost = json.dumps(loser, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # From the states, not the clock: both places make the same conflict row. A row without
    # updated_at (staff) has its created_at; the column takes no NULL, and a refused conflict row
    # stopped the whole import (one user name given to two new accounts at two places).
    stamp = (
        max(
            str(state.get(column) or "")
            for state in (winner, loser)
            for column in ("updated_at", "created_at")
        )
        or None
    )
    return {
        "id": ids.derived("sync-conflict", table, loser["id"], state_hash(loser)).hex,
        "table_name": table,
        "row_id": loser["id"],
        "client_id": client_of(table, loser),
        "kept_hash": state_hash(winner),
        "lost": lost,
        "created_at": stamp,
        "updated_at": stamp,
        "resolved_at": None,
        "resolved_by_id": None,
    }
