"""Printing without widgets: documents drawn onto a QPdfWriter (usable from the command line)."""
