"""Who is in which group: placement, the wait list, membership on a date, keep-apart warnings.

- candidates  Who may be enrolled in a group (the enroll picker's list), and who waits in line ahead.
- enrollment  Enrolling clients in groups, ending and moving enrollments.
- expected    Who is expected at a session: the roster as it stood on the session's date.
- keep_apart  Keep-apart notes: two clients who should not share a group (relatives, co-defendants, …).
- membership  Who belongs to a group on a date: one definition for rosters, capacity, sheets and warnings.
- placement   Placing a client: the checks, joining a group, getting in line and taking someone from the line.
- waitlist    A group's wait list: who is in line, in what order, and enrolling from it.
"""
