"""Therapy groups: their settings, facilitators and weekly schedules.

- groups    Therapy groups: their settings, facilitators and schedule changes.
- group_form  What the group form holds, and the checks its values pass before a group is written.
- schedule  A group's weekly schedule: slots valid between dates, and when the group next meets.
"""
