"""``python -m iopdesk``: the same as the ``iopdesk`` command."""

import sys

from iopdesk.cli import main

sys.exit(main())
