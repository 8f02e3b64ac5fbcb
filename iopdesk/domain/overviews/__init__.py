"""One read-model per screen or report: what Today, the rosters, the audit view and the exports show.

- attendance_print    What a printed attendance or hours report carries; the PDF itself is drawn by ui/print.
- attendance_reports  Attendance and hours reports: the rows (for the PDF the UI draws) and CSV text.
- audit_trail         Reading the audit trail: the audit view's list and its CSV export (supervisors and auditors).
- group_setup         The group form's save, and the groups list: what the Groups screen needs in one call each.
- rosters             What the roster screens show: a group's members, a client's groups, a session's sign-in sheet.
- today               The day at a glance: a site's sessions of one date with how far attendance got, and alerts.
"""
