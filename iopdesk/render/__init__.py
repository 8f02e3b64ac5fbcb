"""Printable documents (PDF): drawn with QtGui on a QPdfWriter, no widgets, no iopdesk.ui.

The command line and the window both use these; a command line run makes an offscreen
QGuiApplication first (pages.ensure_gui_application).

- pages           what every printed report shares: page layout, running header, Part 2 footer
- attendance_pdf  the attendance report: each group's members × sessions, then other sessions
- chart_pdf       a client's treatment chart: screenings, episodes, plans, reviews, discharge
- hours_pdf       the weekly hours report
- measures_pdf    the chart's measures: safety alerts, trends with results, detox, drug screens
- notes_pdf       a client's notes with signatures and addenda
- sign_in_pdf     a session's sign-in sheet
- text            how times and dates read, the same on screen and on paper
- trend_chart     trend charts drawn with QPainter (bands, points, thresholds; screens by week),
                  the same drawing on screen and on paper
"""
