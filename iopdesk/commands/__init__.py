"""Command-line tasks; each returns an exit status. Qt-free (a PDF export loads Qt only when it runs).

Each module registers its own parsers and handlers (``register(parsers)``); a
handler takes the plain values out of the parsed arguments and calls the task,
which opens the clinic through the front door (iopdesk/front_door.py).
iopdesk/cli.py imports these modules; they never import it, nor the window.
"""
