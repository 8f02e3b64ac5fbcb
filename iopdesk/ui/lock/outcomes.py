"""How a session in the main window ended: the start-up loop (ui/signin/flow.py) reads it without
loading the lock itself, which a clinic without passwords never uses."""

QUIT, SWITCH_USER, SIGNED_OUT = "quit", "switch_user", "signed_out"
