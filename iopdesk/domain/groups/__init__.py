"""Therapy groups: their settings, facilitators and weekly schedules.

- groups    Therapy groups: their settings, facilitators and schedule changes.
- schedule  A group's weekly schedule: slots valid between dates, and when the group next meets.
"""
