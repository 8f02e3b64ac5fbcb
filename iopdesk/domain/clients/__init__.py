"""Clients: adding, editing and finding them.

- clients  Clients: adding, editing and finding them as the counselor types.
"""
