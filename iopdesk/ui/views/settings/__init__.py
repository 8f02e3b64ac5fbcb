"""Clinic settings…: the clinic's figures, alerts, notes, sign-in and lock, Part 2 notice and care lists.

Not a page of the navigation: a dialog reached from the Clinic menu (``menu.install``).
Built on the domain's ``settings.listing()`` (each value, its default and what it
allows), ``settings.problems()`` (what is wrong with the values typed, judged
together) and ``settings.set_value()`` (checked, permitted and audited again by
the domain); the two lists (suitability criteria, levels of care) have their own
small editors calling the care domain's setters.

- sections  which setting goes on which tab
- field     one setting on screen: its editor, what it allows, what is wrong with it
- lists     the editors of the two lists
- dialog    the dialog
- menu      the Clinic menu of the main window
"""
