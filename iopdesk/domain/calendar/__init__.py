"""Sessions on the calendar: generated from schedules, edited by hand, cancelled by holidays.

- edits       Changing the calendar by hand: cancel, reinstate, reschedule, ad hoc group sessions
- generation  Generating sessions from each group's weekly schedule.
- holidays    Site holidays: one step cancels that day's sessions.
- sessions    Sessions as the rest of the program sees them: frozen headers, read by id, date or range.
"""
