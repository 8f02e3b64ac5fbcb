"""Attendance: marking a session, the rules of a mark, history, weekly hours and alerts.

- alerts      Attendance alerts for clients in care. Only clients whose status is "active" get them.
- attendance_rows  A session's attendance as a screen shows it: a line per member.
- days        Each client's days: the clock time they attended, and the clock time the program offered.
- documented  Attendance that a signed note documents: changing it afterwards says so on the note.
- history     Attendance over time: a group's members × session dates, and one client's sessions.
- hours       Weekly hours: clock time attended against the weekly target and what was offered.
- marking     Taking attendance: the roster of a session, marking it, walk-ins, and each mark's history.
- rules       The rules a single attendance mark must pass, and the minutes it is worth.
"""
