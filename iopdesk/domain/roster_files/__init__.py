"""Roster spreadsheets: reading, checking and importing a CSV, and exporting one.

- columns      The columns a roster file may have, under the names people give them.
- export       Exporting rosters as CSV text that spreadsheets open safely and ``import_roster`` reads back.
- importing    Importing a roster CSV: all rows or none.
- reading      Reading a roster CSV as spreadsheet programs save it, and checking every row.
- sheet_dates  Reading dates the way spreadsheets write them into CSV files.
"""
