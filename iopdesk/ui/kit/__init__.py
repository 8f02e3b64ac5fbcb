"""What every screen shares: tables and their models, pickers, form dialogs, prompts, formatting.

- actions        Actions with shortcuts that live on a view, buttons that mirror them, Enter-to-open.
- check_list     A multi-select picker as a model: (id, label) items with check boxes.
- client_picker  Search-as-you-type over clients, the list below the line.
- date_field     A date typed the way people write it, with the day it was read as under it.
- day_picker     Previous day, a date with a calendar, next day, and Today.
- dialog_slot    The dialog a panel has open over it (non-modal), kept while it is up.
- elided         A one-line label shortened in the middle when there is no room (the whole in its tooltip).
- fields         Password fields, the password rule, headings, a wait cursor.
- flow           A row of buttons that goes on to another line, a label that wraps only when it must.
- form_dialog    A dialog that hands its fields to a domain call and shows refusals next to them.
- formatting     How screens write dates, times, schedules and rates.
- or_empty       A list that gives way to a calm sentence when it has nothing to show.
- prompts        Every modal question a screen asks goes through one object (tests script it).
- rows           The table model over frozen rows, described by columns.
- runner         Work off the GUI thread (its own database connection), the result back as a signal.
- screen         A page's view (layout only) and the controller that owns it.
- sections       Section headers and rows of buttons.
- submit_dialog  The small dialogs' shape: the main button runs ``attempt``; a refusal keeps it open.
- tables         The one table set-up, the sorting proxy, fitted columns.
"""
