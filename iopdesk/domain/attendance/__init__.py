"""Attendance: marking a session, the rules of a mark, history, weekly hours and alerts.

- alerts   Attendance alerts for clients in care. Only clients whose status is "active" get them.
- history  Attendance over time: a group's members × session dates, and one client's sessions.
- hours    Weekly hours: minutes actually attended, against each client's weekly target.
- marking  Taking attendance: the roster of a session, marking it, walk-ins, and each mark's history.
- rules    The rules a single attendance mark must pass, and the minutes it is worth.
"""
