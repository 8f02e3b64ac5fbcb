"""Errors the store raises with a message meant for the person at the keyboard."""


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what to do."""
