"""Every rule of the clinic, in plain Python (no Qt). Each operation takes the acting staff member first.

One package per area, lowest first (import-linter keeps the order, see pyproject.toml):

- kernel        actor, errors, clock, vocabularies, settings, permissions, audit trail, CSV safety
- clinic        first set-up, sites and staff for pickers, what the sign-in screen shows
- clients       clients
- groups        therapy groups and their weekly schedules
- calendar      sessions: generated, edited, holidays
- enrollment    placement, wait list, membership on a date, keep-apart
- access        accounts, passwords, signing in, the encrypted clinic's key file
- attendance    marking, rules, history, hours, alerts
- notes         session notes: drafts, the names check, signing, co-signature, search
- care          the client's treatment: screening, admission, team, plan, reviews, discharge, the chart
- roster_files  roster CSV import and export (new clients' admission terms included)
- measures      standard instruments (PHQ-9, GAD-7, AUDIT, DAST-10, CIWA-Ar, COWS, BAM): exact scoring
- overviews     one read-model per screen or report
"""
