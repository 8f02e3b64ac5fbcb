"""A satellite laptop's sync in the window (issue 14): File → Sync with the clinic, the status bar's
last sync, and for administrators change files and sync conflicts."""
