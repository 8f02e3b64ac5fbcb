"""The Qt layer: windows, views, table models and dialogs. Calls iopdesk.domain, never the store."""
