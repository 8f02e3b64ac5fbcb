"""iopdesk score: the real command in a subprocess, its JSON, exit codes and messages; it opens nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def score(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Every folder the program could use points into tmp_path, and is checked empty afterwards.
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "IOPDESK_HOME": str(tmp_path / "iopdesk-home"),
        "IOPDESK_DB": str(tmp_path / "clinic.sqlite3"),
    }
    return subprocess.run(
        [sys.executable, "-m", "iopdesk", "score", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def test_json_for_the_us_core_phq9_example_and_nothing_opened(tmp_path: Path) -> None:
    done = score(tmp_path, "phq9", "--answers", "2,2,2,2,1,1,2,0,0,1", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {
        "instrument": "phq9",
        "total": 12,
        "band": "moderate",
        "band_label": "Moderate (10-14)",
        "subscales": {},
        "alerts": [],
        "reported": {"10": 1},
        "notes": [],
    }
    assert list(tmp_path.iterdir()) == []  # no database, no user data folder, no log


def test_phq9_item_9_alerts_even_with_a_total_of_1(tmp_path: Path) -> None:
    done = score(tmp_path, "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--json")
    result = json.loads(done.stdout)
    assert (done.returncode, result["total"], result["band"]) == (0, 1, "minimal")
    assert [(a["key"], a["item"]) for a in result["alerts"]] == [("safety", "9")]


def test_the_summary_for_people_puts_the_alert_first(tmp_path: Path) -> None:
    done = score(tmp_path, "phq9", "--answers", "0,0,0,0,0,0,0,0,2")
    lines = done.stdout.splitlines()
    assert done.returncode == 0
    assert lines[0].startswith("ALERT (safety): PHQ-9 item 9")
    assert lines[1] == "PHQ-9 total 2 of 27: Minimal (0-4)"


def test_auditc_takes_sex_and_bam_prints_subscales(tmp_path: Path) -> None:
    men = json.loads(score(tmp_path, "auditc", "--answers", "1,1,1", "--sex", "male", "--json").stdout)
    women = json.loads(score(tmp_path, "auditc", "--answers", "1,1,1", "--sex", "female", "--json").stdout)
    assert (men["band"], women["band"]) == ("negative", "positive")
    bam = score(tmp_path, "bam", "--answers", "1,2,3,1,2,3,4,4,4,4,4,4,4,2,3,1,4,2,0,yes,1,3,2")
    assert bam.returncode == 0
    assert bam.stdout.splitlines()[0] == "BAM (no total): Use 6 of 12, Risk 13 of 24, Protective 13 of 24"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cows", "--answers", "0,0,0,3,0,0,0,0,0,0,0"), "COWS item 4 (pupil size): 3 is not a score"),
        (("phq9", "--answers", "1,1,1,1,1,1,1,1"), "PHQ-9 item 9 (thoughts of death or self-harm)"),
        (("audit", "--answers", "0,0,0,0,0,0,0,0,1,0"), "AUDIT item 9 (injury because of drinking): 1"),
        (("dast10", "--answers", "yes,no,1,no,no,no,no,no,no,no"), "DAST-10 item 3"),
        (("gad7", "--answers", "0,0,0,0,0,0,0,0,0"), "answer 9 is extra"),
    ],
)
def test_bad_answers_exit_2_with_one_line_naming_the_item(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = score(tmp_path, *args, "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("iopdesk: ")
    assert message in done.stderr


def test_an_unknown_instrument_is_bad_usage(tmp_path: Path) -> None:
    done = score(tmp_path, "phq10", "--answers", "0")
    assert done.returncode == 2 and "invalid choice: 'phq10'" in done.stderr


def test_names_and_sex_typed_in_any_case_or_as_printed_are_taken(tmp_path: Path) -> None:
    done = score(tmp_path, "AUDIT-C", "--answers", "1,1,1", "--sex", "FEMALE", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["band"] == "positive"
    assert (
        json.loads(score(tmp_path, "auditc", "--answers", "1,1,1", "--sex", "Male", "--json").stdout)["band"]
        == "negative"
    )
    assert score(tmp_path, "PHQ9", "--answers", "0,0,0,0,0,0,0,0,0").stdout.startswith("PHQ-9 total 0")
    assert score(tmp_path, "ciwa-AR", "--answers", "0,0,0,0,0,0,0,0,0,0").returncode == 0
    assert score(tmp_path, "auditc", "--answers", "1,1,1", "--sex", "x").returncode == 2


def test_a_score_with_an_underscore_is_not_a_number(tmp_path: Path) -> None:
    done = score(tmp_path, "phq9", "--answers", "0,0,0,0,0,0,0,0,0_1", "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert "PHQ-9 item 9 (thoughts of death or self-harm): '0_1' is not a score" in done.stderr
