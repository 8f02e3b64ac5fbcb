"""IOPdesk: group rosters, attendance and session notes for Intensive Outpatient Programs."""

__version__ = "0.1.0"
APP_NAME = "IOPdesk"
