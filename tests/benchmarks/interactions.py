"""Each interaction measured through the code path a click takes: the domain call and the Qt
view or model it fills, offscreen, in one process over a working copy of the demo clinic."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from peewee import JOIN, fn

from tests.benchmarks.clinic import PASSWORD, USERNAME, keys_of
from tests.benchmarks.harness import COLD, Result, fixed, measure

Measured = list[Result]


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def sign_in(db: Path | str):  # type: ignore[no-untyped-def]
    """Open the clinic the way the sign-in screen does, as the demo counselor: an encrypted
    clinic by unlocking it (argon2id unwraps the key from the key file beside it, then SQLCipher
    opens the file with it); a plain one, or a server, by opening it and checking the password hash."""
    from iopdesk.domain.access.unlock import needs_unlock, open_clinic
    from iopdesk.store.database import Target, open_database

    target = Target.parse(db)
    if target.path is not None and needs_unlock(target):
        return open_clinic(target, USERNAME, PASSWORD)
    from iopdesk.domain.access.accounts import sign_in as check_password

    db = open_database(target)
    return db, check_password(USERNAME, PASSWORD)


class Bench:
    """Opens the clinic and the main window once; each method measures one interaction."""

    def __init__(self, db_path: Path | str, config_dir: Path, repeats: int, *, cold: bool = False) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings

        from iopdesk.store.database import database_key
        from iopdesk.ui.application import IopApplication

        self.repeats = repeats
        self.passes = 2 if cold else 1  # the cold pass signs its own notes
        self.signed_sessions = 0
        self.db, self.actor = sign_in(db_path)
        self.on_server = isinstance(db_path, str)
        self.encrypted = database_key(self.db) is not None
        if not self.on_server and self.encrypted != keys_of(Path(db_path)).exists():
            raise RuntimeError(f"{db_path} did not open as the kind of file it is")
        self.statements = 0
        self._count_statements()
        self.app = IopApplication.instance() or IopApplication([])
        from iopdesk.ui.main_window import MainWindow

        settings = QSettings(str(config_dir / "bench-ui.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(self.actor, str(db_path), settings)
        self.window.show()
        self.app.processEvents()
        self.today = dt.date.today()
        self._pick_data()

    def _count_statements(self) -> None:
        """Count every statement sent (BEGIN, COMMIT and ROLLBACK too): on a server each is a round
        trip over the network."""
        from tests.benchmarks.harness import count_statements

        db = self.db
        for name in ("execute_sql", "begin", "commit", "rollback"):
            original = getattr(db, name)

            def counted(*args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
                self.statements += 1
                return _original(*args, **kwargs)

            setattr(db, name, counted)
        count_statements(lambda: self.statements)

    # --- choosing representative records -------------------------------------------
    def _pick_data(self) -> None:
        from iopdesk.store.models import Attendance, Client, Enrollment, Note, Session

        # The busiest group at the counselor's site, and a recent session of it with ~12 on it whose
        # note nobody signed yet (a mark under a signed note asks for a reason: a dialog, not a click).
        week_ago = self.today - dt.timedelta(days=6)
        sealed = Note.select(Note.session).where(Note.status.in_(("signed", "pending_cosign")))
        recent = (
            Session.select(Session.id, Session.group, fn.COUNT(Attendance.id).alias("n"))
            .join(Attendance)
            .where(
                (Session.kind == "group")
                & (Session.date.between(week_ago, self.today))
                & (Session.status == "scheduled")
                & (Session.site == self.actor.site_id)
                & Session.id.not_in(sealed)
            )
            .group_by(Session.id)
            .order_by(fn.ABS(fn.COUNT(Attendance.id) - 12), Session.date.desc())
            .first()
        )
        if recent is None:
            raise SystemExit("The demo clinic has no recent group session at the counselor's site.")
        self.session_id = recent.id
        self.group_id = recent.group_id
        self.session_size = recent.n
        busiest = (
            Client.select(Client.id, fn.COUNT(Attendance.id).alias("n"))
            .join(Attendance)
            .where(Attendance.date >= self.today - dt.timedelta(weeks=12))
            .group_by(Client.id)
            .order_by(fn.COUNT(Attendance.id).desc())
            .first()
        )
        self.client_id = busiest.id
        names = Client.select(Client.legal_last).where(Client.status == "active").limit(40)
        self.search_words = [c.legal_last[:k].lower() for c in names for k in (1, 2, 3, 4)][:60]
        self.member_count = (
            Enrollment.select()
            .where((Enrollment.group == self.group_id) & (Enrollment.status == "active"))
            .count()
        )

    # --- measurements -------------------------------------------------------------
    def groups_view(self) -> Result:
        view = self.window.views["groups"]
        return measure("open the Groups view", 50, lambda _i: view.activated(), repeats=self.repeats)

    def group_roster(self) -> Result:
        controller = self.window.views["groups"]
        return measure(
            "open one group's roster",
            50,
            lambda _i: controller.show_group(self.group_id),
            repeats=self.repeats,
            note=f"{self.member_count} active members",
        )

    def client_search(self) -> Result:
        picker = self.window.views["clients"].view.picker
        words = self.search_words

        def keystroke(i: int) -> None:
            picker.search_edit.blockSignals(True)  # the debounce timer is not what we time
            picker.search_edit.setText(words[i % len(words)])
            picker.search_edit.blockSignals(False)
            picker.search_now()

        return measure(
            "search clients as you type (one keystroke)", 30, keystroke, repeats=max(self.repeats, 30)
        )

    def open_attendance(self) -> Result:
        view = self.window.views["attendance"]
        return measure(
            "open a session's attendance",
            50,
            lambda _i: view.open_session(self.session_id),
            repeats=self.repeats,
            note=f"{self.session_size} on the session",
        )

    def save_mark(self) -> Result:
        take = self.window.views["attendance"].take
        take.open_session(self.session_id)

        def no_dialogs(message: str) -> str | None:
            raise RuntimeError(f"a mark asked for a reason, which a benchmark cannot give: {message}")

        take.marking.ask_reason = no_dialogs
        statuses = ("present", "absent_excused")

        def mark(i: int) -> None:
            take.view.table.setCurrentIndex(take.view.table.model().index(0, 0))
            take._status_typed(statuses[i % 2])

        return measure("save one attendance mark", 15, mark, repeats=max(self.repeats, 30))

    def history_grid(self) -> Result:
        from iopdesk.store.models import TherapyGroup
        from iopdesk.ui.kit.day_picker import to_qdate

        history = self.window.views["attendance"].history
        history.load_groups()
        panel = history.view
        panel.from_edit.setDate(to_qdate(self.today - dt.timedelta(weeks=12) + dt.timedelta(days=1)))
        panel.to_edit.setDate(to_qdate(self.today))
        # The group whose grid is nearest 16 members over the 12 weeks, on either clinic.
        sizes = {}
        for group in TherapyGroup.select(TherapyGroup.id).where(TherapyGroup.site == self.actor.site_id):
            panel.show_group(group.id)
            history.reload()
            sizes[group.id] = panel.model.rowCount()
        panel.show_group(min(sizes, key=lambda g: (abs(sizes[g] - 16), -sizes[g])))
        history.reload()
        cols = panel.model.columnCount()
        return measure(
            "history grid, ~16 members × 12 weeks",
            50,
            lambda _i: history.reload(),
            repeats=self.repeats,
            note=f"{panel.model.rowCount()} members × {cols - 1} sessions",
        )

    def weekly_hours(self) -> Result:
        from iopdesk.ui.dialogs.client_hours import ClientHoursDialog

        def open_dialog(_i: int) -> None:
            dialog = ClientHoursDialog(self.window, self.actor, self.client_id, "client")
            dialog.deleteLater()

        return measure("a client's weekly hours, last 12 weeks", 30, open_dialog, repeats=self.repeats)

    def export_month(self) -> Result:
        from iopdesk.domain.overviews.attendance_reports import export_attendance_csv

        start = self.today - dt.timedelta(days=30)
        sizes: list[int] = []

        def export(_i: int) -> None:
            sizes.append(len(export_attendance_csv(self.actor, start, self.today).splitlines()))

        result = measure(
            "export one month of attendance (all groups) to CSV",
            1000,
            export,
            repeats=max(3, self.repeats // 3),
        )
        result.note = f"{sizes[-1]} lines"
        return result

    # --- notes ----------------------------------------------------------------------
    def _notes_ready(self) -> None:
        """Group notes to open, autosave and sign (made once, through the domain, before timing)."""
        if getattr(self, "note_sessions", None):
            return
        from iopdesk.domain.kernel import clock
        from tests.benchmarks.notes_prep import written_group_notes

        self.sign_repeats = min(self.repeats, 20)
        today = clock.site_today(self.actor.site_id)
        count = 1 + self.passes * (2 + self.sign_repeats)  # one to open; each pass signs 2 + repeats
        self.note_sessions = written_group_notes(self.actor, count, today)

    def open_group_note(self) -> Result:
        self._notes_ready()
        view = self.window.views["notes"]
        session_id = self.note_sessions[0]
        parts: list[int] = []

        def open_note(_i: int) -> None:
            view.open_session(session_id)
            rows = view.editor.view.model.rows
            parts.append(sum(1 for r in rows if r.note is not None and not r.is_shared))

        result = measure("open a group note (shared part + members)", 50, open_note, repeats=self.repeats)
        result.note = f"shared part + {parts[-1]} member parts"
        return result

    def autosave_part(self) -> Result:
        self._notes_ready()
        view = self.window.views["notes"]
        view.open_session(self.note_sessions[0])
        controller = view.editor.open_note
        member = next(m.note for m in controller.view.members if m.note is not None)
        key = controller.view.template.member_keys[0]

        def autosave(i: int) -> None:
            # What the autosave timer does when typing stops: store the changed part.
            controller.edited(member.id, key, f"{i}: engaged and practiced a skill.")
            assert controller.flush()

        return measure("autosave one part of a group note", 15, autosave, repeats=max(self.repeats, 30))

    def note_search(self) -> Result:
        panel = self.window.views["notes"].search
        panel.load_filters()
        words = ["coping", "relapse", "family", "sleep", "cravings", "support group", "anxi*", "goal"]
        found: list[int] = []

        def search(i: int) -> None:
            panel.view.text.setText(words[i % len(words)])
            panel.search()
            found.append(panel.view.model.rowCount())

        result = measure(
            "full-text note search, first page", 50, search, repeats=max(self.repeats, len(words))
        )
        result.note = f"{min(found)}–{max(found)} notes on the page, as {self.actor.role}"
        return result

    def sign_group_note(self) -> Result:
        self._notes_ready()
        editor = self.window.views["notes"].editor
        first = 1 + self.signed_sessions
        sessions = self.note_sessions[first : first + 2 + self.sign_repeats]
        self.signed_sessions += len(sessions)
        signed: list[int] = []

        def open_next(i: int) -> None:
            editor.open_session(sessions[i if i >= 0 else self.sign_repeats - 1 - i])

        def sign(_i: int) -> None:
            # The Sign all dialog's work once the password is confirmed (the check itself is not timed).
            result, problem, _flags = editor.open_note.sign_all(False)
            if result is None:
                raise RuntimeError(f"signing failed: {problem}")
            signed.append(len(result.signed))

        result = measure(
            "sign a group note (no password check)", 100, sign, repeats=self.sign_repeats, prepare=open_next
        )
        result.note = f"{signed[-1]} parts signed together (shared + members)"
        return result

    # --- the treatment chart: the domain's whole chart, and the Chart screen section by section -----
    def _chart_ready(self) -> None:
        """The counselor's client (as primary counselor) with the most reviewed plan in force, and a
        review of it to save (theirs: only its author saves a review)."""
        if getattr(self, "chart_client", None):
            return
        from iopdesk.domain.care import plans, reviews
        from iopdesk.domain.kernel import clock, permissions
        from iopdesk.store.care_models import CareEpisode, PlanReview, PlanVersion

        scope = permissions.client_scope(self.actor, permissions.CARE_WRITE, PlanVersion.client)
        query = (
            PlanVersion.select(PlanVersion, fn.COUNT(PlanReview.id).alias("reviews"))
            .join(CareEpisode, on=(PlanVersion.episode == CareEpisode.id))
            .switch(PlanVersion)
            .join(PlanReview, JOIN.LEFT_OUTER, on=(PlanReview.plan == PlanVersion.id))
            .where(
                CareEpisode.discharged_on.is_null()
                & (PlanVersion.status == "signed")
                & (CareEpisode.primary_counselor == self.actor.staff_id)
            )
            .group_by(PlanVersion.id)
            .order_by(fn.COUNT(PlanReview.id).desc(), PlanVersion.number.desc())
        )
        if scope is not None:
            query = query.where(scope)
        drafts = dict(
            PlanReview.select(PlanReview.plan, PlanReview.author).where(PlanReview.status == "draft").tuples()
        )
        candidates = [
            p
            for p in query
            if plans.in_force_row(p.episode_id).id == p.id
            and drafts.get(p.id, self.actor.staff_id) == self.actor.staff_id
        ]
        if not candidates:
            raise SystemExit("The demo clinic has no plan in force in the counselor's caseload.")
        plan = candidates[0]
        self.chart_client = plan.client_id
        self.chart_plan = plan.id
        today = clock.site_today(self.actor.site_id)
        working = PlanReview.get_or_none((PlanReview.plan == plan.id) & (PlanReview.status == "draft"))
        self.review = working.id if working else reviews.start_review(self.actor, plan.id, today=today).id
        self.objectives = [p.objective_id for p in reviews.plan_reviews(self.actor, plan.id)[-1].progress]

    def open_chart(self) -> Result:
        from iopdesk.domain.care.chart import open_chart

        self._chart_ready()
        sizes: list[str] = []

        def open_it(_i: int) -> None:
            view = open_chart(self.actor, self.chart_client)
            sizes.append(
                f"{len(view.plan.reviews)} reviews, {len(view.plan.versions)} plan versions, "
                f"{sum(len(v) for v in view.plan.notes_by_goal.values())} goal notes"
            )

        result = measure("open a client's chart (every section)", 50, open_it, repeats=self.repeats)
        result.note = sizes[-1]
        return result

    def chart_screen(self) -> Result:
        """The Chart screen opening a client (header, episodes, the Overview), as Enter in its search."""
        self._chart_ready()
        screen = self.window.views["chart"]
        self.window.show_view("chart")

        def open_it(_i: int) -> None:
            screen.open_client(self.chart_client)
            self.app.processEvents()

        def on_overview(_i: int) -> None:
            screen.view.show_section("overview")

        result = measure(
            "open a client's chart (the Chart screen)", 50, open_it, repeats=self.repeats, prepare=on_overview
        )
        result.note = f"{len(screen.episodes)} episode(s)"
        return result

    def chart_plan(self) -> Result:
        """The Chart screen's Plan section shown for the first time in an opening (read, then drawn)."""
        self._chart_ready()
        screen = self.window.views["chart"]
        self.window.show_view("chart")
        screen.open_client(self.chart_client)

        def leave(_i: int) -> None:
            screen.view.show_section("overview")
            screen.loaded.discard("plan")

        def show(_i: int) -> None:
            screen.view.show_section("plan")
            self.app.processEvents()

        result = measure("show the chart's Plan section", 50, show, repeats=self.repeats, prepare=leave)
        plan = screen.plan
        result.note = f"{len(plan.versions) if plan else 0} plan versions"
        return result

    def save_review(self) -> Result:
        """Saving the review through its dialog (iopdesk.ui.views.chart.plan_review): what was
        chosen and typed read from the widgets, then the domain's save."""
        from iopdesk.ui.views.chart.plan_review import PlanReviewDialog

        self._chart_ready()
        dialog = PlanReviewDialog(self.window, self.actor, self.chart_client)
        if dialog.review is None or dialog.review.id != self.review:
            raise RuntimeError("the review dialog did not open the counselor's draft review")
        states = ("progressing", "achieved")

        def save(i: int) -> None:
            for line in dialog.lines:
                line.progress.setCurrentIndex(line.progress.findData(states[i % 2]))
                line.comment.setText(f"Review note {i}.")
            dialog.summary.setPlainText(f"Reviewed with the client ({i}).")
            if not dialog.save():
                raise RuntimeError(dialog.feedback.message())

        result = measure("save a plan review", 50, save, repeats=max(self.repeats, 15))
        result.note = f"{len(dialog.lines)} objectives, through the review dialog"
        dialog.deleteLater()
        return result

    def visit_every_view(self) -> Result:
        for key in self.window.keys:
            self.window.show_view(key)
            self.app.processEvents()
        return fixed("resident memory after visiting every view", 250, rss_mib(), "MiB")

    def drop_page_cache(self) -> None:
        """Empty SQLite's page cache (the file stays in the operating system's cache): every page
        the next click reads comes through the pager again, decrypted and its HMAC checked on an
        encrypted clinic, as on the first visit after signing in or after the cache moved on."""
        self.db.execute_sql("PRAGMA shrink_memory")

    def cold_pass(self) -> list[Callable[[], Result]]:
        """The interactions again, each run (warm-ups too) starting from an empty page cache."""
        from tests.benchmarks.harness import before_each

        if self.passes < 2:
            raise RuntimeError("the cold pass needs Bench(..., cold=True) (its own notes to sign)")
        if self.on_server:
            raise RuntimeError("the cold pass empties SQLite's page cache: a server keeps its own")
        before_each(self.drop_page_cache, COLD)
        return [step for step in self.all() if step != self.visit_every_view]

    def all(self) -> list[Callable[[], Result]]:
        return [
            self.groups_view,
            self.group_roster,
            self.client_search,
            self.open_attendance,
            self.save_mark,
            self.history_grid,
            self.weekly_hours,
            self.export_month,
            self.open_group_note,
            self.autosave_part,
            self.note_search,
            self.sign_group_note,
            self.open_chart,
            self.chart_screen,
            self.chart_plan,
            self.save_review,
            self.visit_every_view,
        ]

    def close(self) -> None:
        from tests.benchmarks.harness import before_each, count_statements

        before_each(None)
        count_statements(None)
        self.window.close()
        self.db.close()
