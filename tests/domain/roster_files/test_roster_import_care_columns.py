"""The roster import's treatment columns: level of care, population and admission date.

A new client with an admission date (and a status that says they are in care) is admitted as the
chart would admit them: an episode with its terms. The population column overrides what the birth
date says (the file is the reason); a level the clinic does not offer is a row error, like any other.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.hours import weekly_target
from iopdesk.domain.care.episodes import client_episodes, terms_in_force
from iopdesk.domain.roster_files.importing import FROM_FILE, import_roster
from iopdesk.domain.roster_files.reading import read_roster
from iopdesk.store.models import Client
from tests.support.roster_helpers import TODAY, make_group


def run(actor, text: str, **kw):  # type: ignore[no-untyped-def]
    return import_roster(actor, text.encode("utf-8"), today=TODAY, **kw)


def test_the_columns_are_read_under_the_names_people_give_them(db) -> None:  # type: ignore[no-untyped-def]
    text = (
        "First,Last,DOB,Admit date,LOC,Age group\r\n"
        "Tia,Young,2011-05-01,2025-01-06,Level 2.10,Teen\r\n"
        "Al,Older,1980-05-01,,ASAM 1,adults\r\n"
    )
    parsed = read_roster(text.encode(), date_order="MDY", today=TODAY)
    assert not parsed.problems
    assert [(r.level_of_care, r.population) for r in parsed.rows] == [("2.1", "adolescent"), ("1", "adult")]
    assert parsed.columns["level_of_care"] == "LOC" and parsed.columns["population"] == "Age group"


def test_a_population_the_sheet_cannot_mean_is_a_row_error(db) -> None:  # type: ignore[no-untyped-def]
    parsed = read_roster(
        b"First,Last,DOB,Population\r\nAl,Older,1980-05-01,seniors\r\n", date_order="MDY", today=TODAY
    )
    (problem,) = parsed.problems
    assert (problem.line, problem.field) == (2, "Population") and "not a population" in problem.reason


def test_new_clients_are_admitted_with_their_terms(actor) -> None:  # type: ignore[no-untyped-def]
    report = run(
        actor,
        "First,Last,DOB,Admit date,Level of care,Population\r\n"
        "Tia,Young,2011-05-01,2025-01-06,2.5,\r\n"
        "Sam,Edge,2006-01-01,2025-01-06,2.1,adolescent\r\n"
        "Al,Older,1980-05-01,,1,\r\n",
    )
    assert report.imported, report.errors
    tia, sam, al = (Client.get(Client.legal_first == n) for n in ("Tia", "Sam", "Al"))
    assert (tia.population, tia.level_of_care, tia.admission_date) == (
        "adolescent",
        "2.5",
        dt.date(2025, 1, 6),
    )
    (episode,) = client_episodes(tia.id)
    assert (episode.number, episode.level_of_care, episode.population) == (1, "2.5", "adolescent")
    terms = terms_in_force(sam.id, TODAY)
    assert (terms.population, terms.population_reason) == (
        "adolescent",
        FROM_FILE,
    )  # 19 on admission: overridden
    assert weekly_target(sam) == 6 * 60
    assert (al.level_of_care, al.population) == ("1", "adult") and client_episodes(al.id) == []
    assert weekly_target(al) is None  # outpatient: no floor


def test_a_level_the_clinic_does_not_offer_stops_the_import(actor) -> None:  # type: ignore[no-untyped-def]
    report = run(actor, "First,Last,DOB,Admit date,Level of care\r\nTia,Young,2011-05-01,2025-01-06,3.7\r\n")
    assert not report.imported
    (problem,) = report.errors
    assert (problem.line, problem.field) == (2, "Level of care") and "levels of care" in problem.reason
    assert "(Level 1: Outpatient; Level 2.1: Intensive outpatient (IOP);" in problem.reason  # what each is
    assert Client.select().count() == 0


def test_a_level_written_as_the_clinic_names_it_is_its_code(actor) -> None:  # type: ignore[no-untyped-def]
    # A clinic's sheet says "IOP" or "Partial hospitalization", not 2.1 or 2.5 (the clinic's own labels).
    report = run(
        actor,
        "First,Last,DOB,Admit date,Level of care\r\n"
        "Test,Client A,1980-05-01,2025-01-06,IOP\r\n"
        "Test,Client B,1981-05-01,2025-01-06,partial hospitalization\r\n"
        "Test,Client C,1982-05-01,,Outpatient\r\n",
    )
    assert report.imported, report.errors
    assert [c.level_of_care for c in Client.select().order_by(Client.legal_last)] == ["2.1", "2.5", "1"]
    (episode,) = client_episodes(Client.get(Client.legal_last == "Client A").id)
    assert episode.level_of_care == "2.1"


def test_a_teen_imported_into_an_adult_group_is_a_warning(actor) -> None:  # type: ignore[no-untyped-def]
    make_group(actor, "Morning Process", population="adult")
    text = "First,Last,DOB,Group\r\nTia,Young,2011-05-01,Morning Process\r\n"
    refused = run(actor, text)
    assert not refused.imported and "group for adults" in refused.errors[0].reason
    assert run(actor, text, acknowledge_warnings=True).imported


@pytest.mark.parametrize("status", ["referred", "discharged"])
def test_no_episode_for_clients_not_in_care(actor, status: str) -> None:  # type: ignore[no-untyped-def]
    report = run(actor, f"First,Last,DOB,Admit date,Status\r\nAl,Older,1980-05-01,2025-01-06,{status}\r\n")
    assert report.imported, report.errors
    assert client_episodes(Client.get(Client.legal_first == "Al").id) == []
