"""The one clock: stopping it (the ``frozen_clock`` fixture) stops every reader of the time."""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.records import site_today
from iopdesk.store import keyring
from iopdesk.store.models import Site
from tests.support import factories as f

NOW = dt.datetime(2030, 1, 1, 3, 0)  # UTC: still New Year's Eve in New York


def test_a_frozen_clock_is_what_the_domain_the_models_and_the_key_file_see(db, actor, frozen_clock):
    frozen_clock.set(NOW)
    assert clock.utcnow() == NOW and frozen_clock.now == NOW
    assert clock.now() == NOW.replace(tzinfo=dt.UTC)
    Site.update(timezone="America/New_York").where(Site.id == actor.site_id).execute()
    assert site_today(actor) == clock.site_today(actor.site_id) == dt.date(2029, 12, 31)
    assert clock.site_now(actor.site_id).hour == 22
    assert clock.site_today(None) == dt.date(2030, 1, 1)  # no site: UTC
    assert f.client(actor).created_at == NOW  # a model's default stamp

    keys = keyring.KeyFile.new()
    keys.lockout_attempts = 1
    keys.set_account("casey", b"k" * 32, "a password")
    assert keys.failed("casey") == (1, NOW + dt.timedelta(minutes=15))


def test_the_frozen_clock_moves_only_when_told(frozen_clock):
    frozen_clock.set(NOW)
    assert clock.utcnow() == clock.utcnow() == NOW
    frozen_clock.advance(minutes=16)
    assert clock.utcnow() == NOW + dt.timedelta(minutes=16)
    frozen_clock.advance(dt.timedelta(days=1), hours=1)
    assert clock.utcnow() == NOW + dt.timedelta(days=1, hours=1, minutes=16)
    # An aware time is taken as the moment it names.
    frozen_clock.set(dt.datetime(2030, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=-6))))
    assert clock.utcnow() == dt.datetime(2030, 6, 1, 14, 0)


def test_without_the_fixture_the_clock_runs():
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert before <= clock.utcnow() <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_a_sites_zone_is_read_once_for_a_while_and_again_when_told(db, actor, frozen_clock, monkeypatch):
    frozen_clock.set(NOW)
    reads: list[str] = []
    execute = db.execute_sql

    def counted(sql, *args, **kwargs):  # type: ignore[no-untyped-def]
        if 'FROM "site"' in sql:
            reads.append(sql)
        return execute(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", counted)
    clock.forget_zones()
    first = clock.site_today(actor.site_id)
    assert [clock.site_today(actor.site_id) for _ in range(5)] == [first] * 5
    assert len(reads) == 1  # Today's first showing asked a dozen times
    # Changed behind this workstation's back (another workstation, a sync): seen once the time is up.
    Site.update(timezone="America/New_York").where(Site.id == actor.site_id).execute()
    moment = clock.time.monotonic()
    monkeypatch.setattr(clock.time, "monotonic", lambda: moment + clock.ZONE_KEPT_SECONDS + 1)
    assert clock.site_today(actor.site_id) == dt.date(2029, 12, 31)
    assert len(reads) == 2
    # Told (a change made here): read again at once.
    Site.update(timezone="UTC").where(Site.id == actor.site_id).execute()
    clock.forget_zones()
    assert clock.site_today(actor.site_id) == dt.date(2030, 1, 1)
    assert len(reads) == 3
