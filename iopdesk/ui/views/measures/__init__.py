"""Measurement-based care on screen: pieces the client's chart hosts, and the dialogs they open.

Entry points (each takes the acting staff member; dialogs open window-modal and are returned):

- section        ``MeasuresSection(actor, client_id)``: alerts, actions, due, trends and tables
- give_dialog    ``give_instrument(parent, actor, client_id, instrument)``: by number keys, scored live;
                 ``correct_result(parent, actor, result)``
- alert_dialogs  ``show_safety_alert`` (at once, when a result raises one), ``record_follow_up``,
                 ``AlertBanner``
- detox_dialogs  ``start_detox``, ``record_rating`` (ratings by keys, vital signs, flags live), ``end_detox``
- screen_dialog  ``record_screen``: a result per substance by letter keys
- trend_widget   ``TrendChart``, ``ScreenGridChart`` (the drawing is iopdesk.render.trend_chart's)
- answer_pad     answering an instrument one item at a time from the keyboard
- models         the tables' columns (results, ratings, screens, Today's alerts and due list)
"""
