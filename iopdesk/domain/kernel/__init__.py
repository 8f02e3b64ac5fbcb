"""What every area stands on: who acts, errors, time, vocabularies, settings, permissions, the audit trail.

- actor        Who is acting: every domain call takes one of these first.
- audit        The audit trail: who viewed, changed, signed, printed or exported what, when and where.
- clock        What "today" and "now" mean for a site.
- csv_safety   CSV that spreadsheets open safely: the one formula guard every export uses.
- disclosures  Client information leaving the program (an export or a printout): allowed, then written down.
- display      How people are named on attendance screens and reports.
- errors       Errors the domain raises; each message is written for the person at the keyboard.
- permissions  Who may do what: the clinic's one permission matrix, enforced below the UI.
- records      Small helpers every roster module uses to write clinical rows the same way.
- settings     Clinic settings: read, checked and changed with an audit entry.
- declared_settings  Every clinic setting declared once: its type, default, title and allowed values.
- threads      Work on a worker thread: its own database connection, closed when done.
- vocab        The clinic's controlled vocabularies (REFERENCE.md §2, §4). Stored values are the keys.
"""
