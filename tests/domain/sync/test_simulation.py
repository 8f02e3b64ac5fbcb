"""A simulation (issue 14): a hub and two satellite laptops, random work at each, random syncs in
random orders (files lost, applied twice, applied late, imports killed midway); at the end every
place holds the same records, no typed word is lost, every audit chain verifies, and every
disagreement is visible. Three seeds in the normal run; IOPDESK_LONG_TESTS=1: thirty.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest

from iopdesk.domain import notes
from iopdesk.domain.attendance import marking
from iopdesk.domain.clients import clients
from iopdesk.domain.enrollment import enrollment
from iopdesk.domain.groups import groups
from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.measures import results
from iopdesk.domain.sync import exchange, service
from iopdesk.domain.sync.hub import sync_with_hub
from iopdesk.store.database import Target
from iopdesk.store.models import AttendanceChange, Note, NoteConflict
from iopdesk.store.sync_models import SyncConflict
from tests.support import sync_places as sp
from tests.support.measures_factories import phq9

SEEDS = range(30) if os.environ.get("IOPDESK_LONG_TESTS") == "1" else range(3)
STATUSES = ("present", "late", "absent_excused", "absent_unexcused", "left_early")


class World:
    def __init__(self, clinic: sp.Clinic, folder: Path, rng: random.Random) -> None:
        self.clinic, self.folder, self.rng = clinic, folder, rng
        # The clinic's settings (migration 0014) changed from a stream of their own: the rest of
        # each seed's work stays what it was before settings travelled.
        self.settings_rng = random.Random(str(rng.getstate()))
        self.words: set[str] = set()  # every word typed into a draft, at any place
        self.changes: set[str] = set()  # every attendance change row made, at any place
        self.files: list[tuple[sp.Place, Path]] = []  # made, perhaps not applied yet
        self.n = 0
        self.attendance_merged = False

    def work(self, place: sp.Place) -> None:
        rng, who = self.rng, self.clinic.counselor
        with place.open():
            if rng.random() < 0.4:  # the clinic's note format or snippets (migration 0013)
                self.writing_aids()
            if self.settings_rng.random() < 0.3:  # a clinic setting (migration 0014)
                self.n += 1
                key, value = self.settings_rng.choice(
                    (
                        ("absence_limit", self.settings_rng.randint(0, 12)),
                        ("note_due_hours", self.settings_rng.randint(24, 96)),
                        ("part2_notice", f"Protected by 42 CFR part 2 (wording {self.n})."),
                    )
                )
                settings.set_value(self.clinic.supervisor, key, value)
            for _ in range(rng.randint(1, 4)):
                part = rng.choice(sp.note_parts())
                action = rng.random()
                if action < 0.5:
                    self.n += 1
                    word = f"w{self.n}"
                    row = Note.get_by_id(part.id)
                    if row.status != "draft":
                        continue
                    body = json.loads(row.body)
                    body["data"] = (body.get("data", "") + " " + word).strip()
                    if notes.save_draft(who, row.id, body, row.version).saved:
                        self.words.add(word)
                elif action < 0.55:  # an instrument given (a treatment record: migration 0011)
                    answers = phq9(*(rng.randint(0, 3) for _ in range(8)), 0)
                    results.give(who, part.client_id, "phq9", answers)
                elif action < 0.57:  # a client's phone changed (the later edit wins, the other is kept)
                    self.n += 1
                    clients.update_client(who, part.client_id, phone=f"555-01{self.n % 100:02d}")
                elif action < 0.59:  # a newcomer taken in here, and enrolled in the group
                    self.n += 1
                    draft = clients.ClientDraft("Nova", f"Newcomer{self.n}", dt.date(1990, 1, 1))
                    newcomer = clients.add_client(who, draft)
                    enrollment.enroll(
                        who, newcomer.id, self.clinic.group, sp.TODAY, acknowledge_warnings=True
                    )
                elif action < 0.61:  # who facilitates the group (added, taken off, put back, lead)
                    lead, other = self.clinic.counselor.staff_id, self.clinic.admin.staff_id
                    team = rng.choice(((lead,), (lead, other), (other, lead)))
                    groups.update_group(self.clinic.supervisor, self.clinic.group, facilitator_ids=team)
                elif action < 0.65:
                    row = Note.get_by_id(part.id)
                    if row.status == "draft" and json.loads(row.body).get("data"):
                        try:
                            notes.sign_note(who, row.id, True)
                        except DomainError:
                            pass  # not ready (the names check): left as a draft
                else:
                    before = {c.id.hex for c in AttendanceChange.select(AttendanceChange.id)}
                    status = rng.choice(STATUSES)
                    try:
                        marking.mark(who, part.session_id, part.client_id, status, reason="simulation")
                    except DomainError:
                        continue  # e.g. a mark a signed note documents needs its own reason
                    self.changes |= {c.id.hex for c in AttendanceChange.select(AttendanceChange.id)} - before

    def writing_aids(self) -> None:
        """A clinic-wide snippet added, changed or deleted, or the DAP format changed or reset."""
        rng, who = self.rng, self.clinic.supervisor
        self.n += 1
        shown = notes.list_snippets(who)
        choice = rng.random()
        if choice < 0.3 or not shown:
            notes.add_snippet(who, f"Snippet {self.n}", f"Text {self.n}.", clinic_wide=True)
        elif choice < 0.5:
            notes.update_snippet(who, rng.choice(shown).id, f"Snippet {self.n}", f"Text {self.n}.")
        elif choice < 0.65:
            notes.delete_snippet(who, rng.choice(shown).id)
        elif choice < 0.85:
            fields = [{"key": "summary", "label": f"Summary {self.n}"}]
            dap = {
                "format": "DAP",
                "title": f"DAP {self.n}",
                "shared_fields": fields,
                "member_fields": fields,
            }
            notes.save_template(who, "DAP", dap)
        else:
            notes.reset_template(who, "DAP")

    def sync(self, a: sp.Place, b: sp.Place) -> None:
        """One file from a to b, delivered now, later, twice or never."""
        self.n += 1
        file = sp.send(self.clinic, a, b, self.folder, tag=f"-{self.n}")
        fate = self.rng.random()
        if fate < 0.1:
            return  # lost on the way
        if fate < 0.25:
            self.files.append((b, file))  # carried later
            return
        if fate < 0.35:
            self.kill_midway(b, file)
        self.apply(b, file)
        if fate > 0.9:
            self.apply(b, file)  # applied twice

    def hub_sync(self, laptop: sp.Place) -> None:
        """A sync with a server hub over the network; now and then cut off while sending or while
        receiving (the connection drops): the next one must make up for it."""
        url = self.clinic.hub.target.url
        with laptop.open():
            if self.rng.random() < 0.25:
                real, calls, cut_at = service.apply_sealed, [], self.rng.choice((1, 2))

                def dropped(*args):  # type: ignore[no-untyped-def]
                    calls.append(1)
                    if len(calls) == cut_at:
                        raise ConnectionError("server closed the connection unexpectedly")
                    return real(*args)

                service.apply_sealed = dropped  # type: ignore[assignment]
                try:
                    with pytest.raises(ConnectionError):
                        sync_with_hub(self.clinic.counselor, url)
                finally:
                    service.apply_sealed = real  # type: ignore[assignment]
                return
            done = sync_with_hub(self.clinic.counselor, url)
            if "attendance" in done.received.counts.merged_tables:
                self.attendance_merged = True

    def apply(self, place: sp.Place, file: Path) -> None:
        summary = sp.receive(self.clinic, place, file)
        if "attendance" in summary.counts.merged_tables:
            self.attendance_merged = True

    def kill_midway(self, place: sp.Place, file: Path) -> None:
        with place.open():
            before = sp.dump()
        original = exchange._apply_entries

        def killed(*_a, **_k):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt

        exchange._apply_entries = killed  # type: ignore[assignment]
        try:
            with pytest.raises(KeyboardInterrupt):
                sp.receive(self.clinic, place, file)
        finally:
            exchange._apply_entries = original  # type: ignore[assignment]
        with place.open():
            assert sp.dump() == before, "an import killed midway left part of itself behind"

    def late_files(self) -> None:
        self.rng.shuffle(self.files)
        while self.files:
            place, file = self.files.pop()
            self.apply(place, file)


# A note signed apart at two places: neither copy may change again, so each keeps its own and the
# other's is kept as a sync conflict, shown at every place (the only records allowed to differ).
@pytest.mark.expect_warnings("sync could not replace a locked row")
@pytest.mark.parametrize("seed", SEEDS)
def test_random_offline_work_and_syncs_converge_without_losing_a_word(
    tmp_path: Path, db_target: Target, seed: int
) -> None:
    rng = random.Random(seed)
    clinic = sp.make_clinic(tmp_path, laptops=2, sessions=2, members=3, hub=db_target)
    world = World(clinic, tmp_path, rng)
    hub, laptops = clinic.hub, clinic.laptops
    for _ in range(8):
        for place in rng.sample(clinic.places, rng.randint(1, 3)):
            world.work(place)
        for _ in range(rng.randint(0, 3)):
            laptop = rng.choice(laptops)
            if hub.target.url is not None and rng.random() < 0.4:
                world.hub_sync(laptop)  # a server hub: over the network too
            elif rng.random() < 0.5:
                world.sync(laptop, hub)
            else:
                world.sync(hub, laptop)
        if rng.random() < 0.3:
            world.late_files()
    world.late_files()
    written: set[str] = set()  # every audit entry made anywhere until now must reach every trail
    for place in clinic.places:
        with place.open():
            written |= sp.audit_ids()
    for _ in range(2):  # back on the clinic's network: every laptop syncs, twice round
        for laptop in laptops:
            if hub.target.url is not None and rng.random() < 0.5:
                with laptop.open():
                    sync_with_hub(clinic.counselor, hub.target.url)
                    sync_with_hub(clinic.counselor, hub.target.url)
                continue
            sp.exchange(clinic, laptop, hub, tmp_path)
            sp.exchange(clinic, laptop, hub, tmp_path)
    dumps, trails = [], []
    for place in clinic.places:
        with place.open():
            assert audit.verify_chain().ok, place.name
            signed_twice = {c.row_id for c in SyncConflict.select().where(SyncConflict.table_name == "note")}
            dump = sp.dump()
            for row_id in signed_twice:
                assert dump["note"][row_id]["status"] == "signed"
                del dump["note"][row_id]
            dumps.append(dump)
            trails.append(sp.audit_ids())
            texts = [n.body for n in Note.select()] + [c.body for c in NoteConflict.select()]
            typed = " ".join(texts).replace('"', " ").replace(",", " ").split()
            lost = world.words - set(typed)
            assert not lost, f"seed {seed}: {place.name} lost {sorted(lost)}"
            history = {c.id.hex for c in AttendanceChange.select(AttendanceChange.id)}
            assert world.changes <= history, f"seed {seed}: attendance history lost at {place.name}"
            if world.attendance_merged:
                assert SyncConflict.select().where(SyncConflict.table_name == "attendance").exists()
    assert all(d == dumps[0] for d in dumps), f"seed {seed}: the places did not converge"
    assert all(written <= t for t in trails), f"seed {seed}: an audit entry did not reach every place"
