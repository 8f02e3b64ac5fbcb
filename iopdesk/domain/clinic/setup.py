"""The clinic itself: first-time set-up, who is acting, and the health check."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from iopdesk.domain.clinic.sign_in_screen import DEMO_PASSWORD  # noqa: F401  (found here too)
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store import current, server, transaction
from iopdesk.store.database import integrity_problems, schema_state
from iopdesk.store.errors import StoreDamaged, StoreIOError, classify
from iopdesk.store.models import ALL_MODELS, Setting, Site, Staff

DEMO_FLAG = "demo_clinic"


def local_username() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no login name (some containers): any stable name will do
        name = "local"
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch in "._-")[:64] or "local"


def ensure_local_setup(username: str | None = None) -> Actor:
    """For a clinic whose accounts have no passwords yet: act as one configured local staff member.

    Once any account has a password, the program signs in instead
    (accounts.sign_in; front_door.act_as chooses).

    On an empty database this creates the first site and that staff member
    (a supervisor, so every view is usable); on a populated one it finds them.
    """
    username = username or local_username()
    with transaction():
        site = Site.select().where(Site.active == True).order_by(Site.created_at).first()  # noqa: E712
        if site is None:
            site = Site.create(name="Main site")
        staff = Staff.get_or_none(Staff.username == username)
        if staff is None:
            if Staff.select().where(Staff.active == True).exists() and is_demo():  # noqa: E712
                raise DomainError(
                    f"There is no staff member {username!r} in the demo clinic; "
                    "use --user with one of its accounts."
                )
            staff = Staff.create(
                username=username,
                display_name=username,
                role="supervisor",
                home_site=site,
            )
    if not staff.active:
        raise DomainError(f"The staff account {username!r} is deactivated.")
    return Actor(staff.id, staff.home_site_id, staff.role, also_clinical=staff.also_clinical)


def actor_for(username: str) -> Actor:
    staff = Staff.get_or_none(Staff.username == username)
    if staff is None or not staff.active:
        raise DomainError(f"There is no active staff account {username!r}.")
    return Actor(staff.id, staff.home_site_id, staff.role, also_clinical=staff.also_clinical)


def is_demo() -> bool:
    return Setting.select().where(Setting.key == DEMO_FLAG).exists()


@dataclass(frozen=True)
class Identity:
    """What the status bar shows: the acting staff member and site."""

    staff_name: str
    staff_role: str
    site_name: str


def identity(actor: Actor) -> Identity:
    staff = Staff.get_by_id(actor.staff_id)
    site = Site.get_by_id(actor.site_id)
    return Identity(staff.display_name, staff.role, site.name)


BUILD_MARKER = "build_in_progress"  # set by a demo build or an import until it finishes
DEMO_INTERRUPTED = "The demo build was interrupted: run `iopdesk demo` again."


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    integrity: str
    applied: list[str]
    pending: list[str]
    counts: dict[str, int]
    incomplete: str | None  # a demo build or import that did not finish
    damage: str | None = None  # "damaged: <what>" when the file could not even be read through
    demo: bool = False
    server: str | None = None  # a PostgreSQL clinic: the server, its version and the connection

    def lines(self) -> list[str]:
        # A server keeps its own storage sound; what IOPdesk checks there is that every guard of
        # the signed records and the audit trail is in place and enabled.
        checked = (
            [f"server: {self.server}", f"guards: {self.integrity}"]
            if self.server
            else [f"integrity: {self.integrity}"]
        )
        out = [
            *checked,
            f"schema: {self.applied[-1] if self.applied else 'none'}"
            + (f" ({len(self.pending)} steps pending)" if self.pending else ""),
        ]
        out += [f"{table}: {n}" for table, n in self.counts.items()]
        if self.incomplete:
            out.append(f"INCOMPLETE: {self.incomplete}")
        return out

    @property
    def reason(self) -> str | None:
        """The one line a failed check ends with: what is wrong and what to do."""
        if self.damage:
            return self.damage
        if self.integrity != "ok" and self.server:
            return (
                f"{self.integrity}: signed records or the audit trail could be changed on this server; "
                "the database owner restores them (ALTER TABLE … ENABLE TRIGGER, or the README's steps)"
            )
        if self.integrity != "ok":
            return f"damaged: {self.integrity}"
        if self.incomplete and self.demo:
            return DEMO_INTERRUPTED
        if self.incomplete:
            return f"incomplete: {self.incomplete}"
        if self.pending:
            return f"the database needs an upgrade ({len(self.pending)} schema steps): open it with IOPdesk"
        return None


def health_check() -> HealthReport:
    """Integrity (every page's authentication first on an encrypted file, then SQLite's own
    structure check and the foreign keys), schema version and row counts. Reads only.

    A file too damaged to be read through gives a report with ``damage`` ("damaged: <what>")
    instead of an exception: SQLite's errors, and a MemoryError from a record whose damaged
    length claims gigabytes, stop the check where they happen and say so."""
    db = current()
    step = "checking every page"
    integrity, incomplete, demo = "not checked", None, False
    applied: list[str] = []
    pending: list[str] = []
    counts: dict[str, int] = {}
    on_server = None
    if isinstance(db, server.ServerDatabase):
        from iopdesk.store.server_schema import summary  # a SQLite clinic never loads it

        on_server = summary(db)
    try:
        integrity = integrity_problems(db)
        if integrity != "ok":
            damage = None if on_server else f"damaged: {integrity}"
            return HealthReport(False, integrity, [], [], {}, None, damage, server=on_server)
        step = "reading the schema version"
        applied, pending, _ = schema_state(db)
        present = set(db.get_tables())  # a database not yet upgraded lacks the newer tables
        for model in ALL_MODELS:
            if model._meta.table_name in present:
                step = f"counting the {model._meta.table_name} table"
                counts[model._meta.table_name] = model.select().count()
        step = "reading the settings"
        marker = Setting.get_or_none(Setting.key == BUILD_MARKER)
        incomplete = marker.value if marker is not None else None
        demo = is_demo()
    except MemoryError:
        damage = f"damaged: a record claims an impossible size ({step})"
        return HealthReport(False, integrity, applied, pending, counts, incomplete, damage, server=on_server)
    except Exception as exc:
        failure = classify(exc)
        if failure is None or not isinstance(failure, (StoreDamaged, StoreIOError)):
            raise
        damage = f"damaged: {_first_line(exc)} ({step})"
        return HealthReport(False, integrity, applied, pending, counts, incomplete, damage, server=on_server)
    ok = integrity == "ok" and not pending and incomplete is None
    return HealthReport(ok, integrity, applied, pending, counts, incomplete, None, demo, on_server)


def _first_line(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    return (str(inner) or type(inner).__name__).splitlines()[0]
