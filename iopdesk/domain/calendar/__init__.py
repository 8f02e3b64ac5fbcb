"""Sessions on the calendar: generated from schedules, edited by hand, cancelled by holidays.

- edits         Changing the calendar by hand: cancel, reinstate, reschedule, ad hoc group sessions
- client_sessions  Individual and family sessions, and the family members who came.
- generation    Generating sessions from each group's weekly schedule.
- holidays      Site holidays: one step cancels that day's sessions.
- mark_history  The change history every attendance mark keeps, written the same way by whoever changes it.
- rederive      A session's new time or length, followed by the marks recorded on it.
- session_time  Clock time within a session: which minutes of the day a member attended, counted once.
- sessions      Sessions as the rest of the program sees them: frozen headers, read by id, date or range.
"""
