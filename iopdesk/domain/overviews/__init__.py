"""One read-model per screen or report: what Today, the rosters, the audit view and the exports show.

- attendance_print    What a printed attendance or hours report carries (iopdesk.render draws it).
- attendance_reports  Attendance and hours reports: the rows and CSV text.
- audit_trail         Reading the audit trail: the audit view's list and its CSV export.
- group_setup         The group form's save, and the groups list: one call each for the Groups screen.
- measures_today      Today's open safety alerts and instruments due, for the actor's caseload.
- rosters             A group's members, a client's groups, a session's sign-in sheet.
- today               The day at a glance: a site's sessions of one date, how far attendance got, alerts.
"""
