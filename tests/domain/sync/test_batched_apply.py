"""A change set is applied a batch of rows at a time (domain/sync/applying.py): what it decides must
be what row by row decided, and its statements must grow with the batches, not the rows. Runs with
the hub on SQLite or on the test server; the laptops are SQLite files either way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iopdesk.domain import notes
from iopdesk.domain.attendance import marking
from iopdesk.domain.clients import clients
from iopdesk.domain.measures import results
from iopdesk.domain.sync import applying, rows, sealing, service, versions
from iopdesk.store import current
from iopdesk.store.database import Target
from iopdesk.store.models import Client, Enrollment, Note, TherapyGroup
from iopdesk.store.sync_models import SyncConflict, SyncRow
from tests.support import factories as f
from tests.support import sync_places as sp
from tests.support.measures_factories import phq9


def _copy(place: sp.Place, folder: Path, name: str) -> sp.Place:
    """The laptop as it is now, in another file (the same device: the same place twice)."""
    path = folder / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm", ".keys"):
        if Path(str(place.path) + suffix).exists():
            shutil.copyfile(str(place.path) + suffix, str(path) + suffix)
    return sp.Place(name, Target(path=path), place.key)


def _outcome() -> tuple[object, ...]:
    vectors = sorted((r.table_name, r.row_id, r.vv, r.state_hash) for r in SyncRow.select())
    return sp.dump(), vectors


@pytest.mark.expect_warnings("sync could not add a row that collides with one here")
def test_batches_of_any_size_decide_what_row_by_row_decided(clinic, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """New rows, rows refused (with a row that belongs to one), rows changed at one place and at
    both: one batch per row (as before batching), tiny batches, and whole ones."""
    laptop, client = clinic.laptops[0], clinic.clients[0]
    with clinic.hub.open():
        first = results.give(clinic.counselor, client, "phq9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with clinic.hub.open():
        part = sp.note_parts()[0]
        for n in range(7):  # more new rows of one table than a tiny batch holds
            f.client(clinic.supervisor, f"Newcomer{n}", "Test", chart=f"N-{n}")
        twin = f.client(clinic.supervisor, "Twin", "Hub", chart="TWIN")  # taken in at both places
        f.enroll(clinic.supervisor, twin, TherapyGroup.get_by_id(clinic.group), sp.DAY)  # belongs to it
        results.correct(clinic.counselor, first.result.id, phq9(2, 1, 1, 1, 1, 1, 1, 1, 0), "item 1")
        clients.update_client(clinic.counselor, client, phone="555-0101")
        body = json.loads(Note.get_by_id(part.id).body)
        body["data"] = "clinic words"
        assert notes.save_draft(clinic.counselor, part.id, body, Note.get_by_id(part.id).version).saved
        marking.mark(clinic.counselor, part.session_id, part.client_id, "late", minutes=60)
    with laptop.open():
        f.client(clinic.supervisor, "Twin", "Laptop", chart="TWIN")
        results.correct(clinic.counselor, first.result.id, phq9(1, 2, 1, 1, 1, 1, 1, 1, 0), "item 2")
        clients.update_client(clinic.counselor, client, phone="555-0202")
        marking.mark(clinic.counselor, part.session_id, part.client_id, "absent_excused")
    file = sp.send(clinic, clinic.hub, laptop, tmp_path)
    outcomes, summaries = [], []
    for batch in (1, 2, 3, versions.BATCH):
        place = _copy(laptop, tmp_path, f"laptop-batch{batch}")
        monkeypatch.setattr(versions, "BATCH", batch)
        monkeypatch.setattr(rows, "PARAMETERS", 40 if batch == 2 else 10_000)  # inserts split too
        summary = sp.receive(clinic, place, file)
        with place.open():
            outcomes.append(_outcome())
            if batch == 1:
                kept = {c.table_name for c in SyncConflict.select()}
                assert {"client", "enrollment", "measure_result", "attendance"} <= kept
                assert not Client.select().where(Client.id == twin.id).exists()
        summaries.append(summary.counts)
    assert summaries[0].rows_applied >= 7 and summaries[0].merged >= 2
    assert all(o == outcomes[0] for o in outcomes[1:])
    assert all(s == summaries[0] for s in summaries[1:])


def test_a_large_change_set_takes_statements_per_batch_not_per_row(clinic, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Row by row, the small demo's first set (10,403 rows) took 72,833 statements; 120 new clients,
    then the same set again, must take a few per batch."""
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        for n in range(120):
            f.client(clinic.supervisor, f"Newcomer{n}", "Test", chart=f"N-{n}")
    file = sp.send(clinic, clinic.hub, laptop, tmp_path)
    sent: list[int] = []
    real = applying.apply_rows

    def counted(rows_, counts):  # type: ignore[no-untyped-def]
        db = current()
        before = len(sent)
        original = db.execute_sql

        def execute_sql(*args, **kwargs):  # type: ignore[no-untyped-def]
            sent.append(1)
            return original(*args, **kwargs)

        db.execute_sql = execute_sql
        try:
            real(rows_, counts)
        finally:
            del db.execute_sql
        assert len(rows_) >= 120 and len(sent) - before < 30, (len(rows_), len(sent) - before)

    monkeypatch.setattr(applying, "apply_rows", counted)
    assert sp.receive(clinic, laptop, file).counts.tables.get("client", 0) >= 120  # new rows
    assert sent
    sent.clear()
    again = sp.receive(clinic, laptop, file)  # the same set again: every row is already here
    assert again.counts.rows_unchanged >= 120 and sent


@pytest.mark.expect_warnings("sync could not add a row that collides with one here")
def test_what_belongs_to_a_row_an_earlier_import_refused_is_kept_too_even_once_settled(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """An import reads only the sync conflicts about rows its own rows point at (not every one)."""
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        twin = f.client(clinic.supervisor, "Twin", "Hub", chart="TWIN")
    with laptop.open():
        f.client(clinic.supervisor, "Twin", "Laptop", chart="TWIN")
    sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    with laptop.open():
        (refused,) = service.conflicts(clinic.admin)
        assert refused.row_id == twin.id.hex
        service.resolve(clinic.admin, refused.id)  # seen and settled: the client is still not here
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))  # the hub knows it arrived
    with clinic.hub.open():
        enrolled = f.enroll(clinic.supervisor, twin, TherapyGroup.get_by_id(clinic.group), sp.DAY)
    file = sp.send(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        sent = sealing.unseal(file.read_bytes(), sealing.clinic_key(), file.name)["rows"]
    assert twin.id.hex not in {key for _table, key, _vector, _state in sent}  # only the import's memory
    summary = sp.receive(clinic, laptop, file)
    assert summary.counts.conflicts_kept == 1
    with laptop.open():
        assert not Enrollment.select().where(Enrollment.id == enrolled.id).exists()
        kept = SyncConflict.get(SyncConflict.row_id == enrolled.id.hex)
        assert kept.table_name == "enrollment" and kept.resolved_at is None
