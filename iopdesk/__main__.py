"""``python -m iopdesk …``: the same as the ``iopdesk`` command (and ``python main.py``)."""

import sys

from iopdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
