"""The shared fixtures in tests/conftest.py that guard every test: logged warnings fail it."""

from __future__ import annotations

import pytest

pytest_plugins = ("pytester",)

INNER = """
import logging

import pytest

log = logging.getLogger("iopdesk.domain.somewhere")


def test_quiet():
    log.info("an ordinary event")


def test_warns():
    log.warning("schedule 42 has no length")


@pytest.mark.expect_warnings(r"has no length")
def test_warns_as_declared():
    log.warning("schedule 42 has no length")


@pytest.mark.expect_warnings(r"has no length")
def test_warns_something_else_too():
    log.warning("schedule 42 has no length")
    log.error("audit trail check failed at entry 3")


@pytest.mark.expect_warnings
def test_expects_any_warning():
    log.error("anything at all")


def test_other_loggers_are_not_ours():
    logging.getLogger("peewee").warning("not IOPdesk's")
"""


@pytest.mark.expect_warnings  # the inner tests run in this process and log on purpose
def test_a_warning_logged_by_iopdesk_fails_the_test_unless_it_is_expected(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("from tests.conftest import no_unexpected_warnings  # noqa: F401\n")
    pytester.makeini(
        "[pytest]\n"
        "markers =\n    expect_warnings(*patterns): expected warnings\n"
        "addopts = -p no:cacheprovider\n"
    )
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_inprocess("-p", "no:randomly", "--strict-markers")
    result.assert_outcomes(passed=6, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_warns *",
            "*WARNING iopdesk.domain.somewhere: schedule 42 has no length*",
        ]
    )
    assert "ERROR iopdesk.domain.somewhere: audit trail check failed at entry 3" in result.stdout.str()
    assert "test_warns_as_declared" not in "".join(line for line in result.stdout.lines if "ERROR" in line)
