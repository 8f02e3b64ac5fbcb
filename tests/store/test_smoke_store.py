from iopdesk.domain.clinic.setup import health_check


def test_fresh_database_is_healthy(db, actor):
    report = health_check()
    assert report.ok, report.lines()
    assert report.counts["staff"] == 1
    assert report.counts["site"] == 1
