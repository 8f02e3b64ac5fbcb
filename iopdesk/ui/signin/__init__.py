"""Signing in: the clinic's first run, the sign-in dialog, passwords, and the loop back after signing out."""
