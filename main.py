"""Thin entry: ``python main.py [--demo] [COMMAND …]`` is the same as the ``iopdesk`` command."""

import sys

from iopdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
