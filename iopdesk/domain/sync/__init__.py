"""Satellite sites (issue 14): change capture, change files, merging two places' records.

Modules: ``rows`` (which tables travel, a row's state and its hash), ``versions`` (version vectors,
settling local changes), ``merge`` (the clinic's rules when two places changed one row), ``exchange``
(building and applying a change set, audit chains included), ``sealing`` (the encrypted, authenticated
change file), ``service`` (what the command line and the window call: export, import, clone, conflicts),
``conflict_detail`` (one sync conflict column by column: what is kept here against what lost, and
who may see which values), ``conflict_texts`` (those values as a person reads them).
"""
