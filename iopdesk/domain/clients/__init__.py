"""Clients: adding, editing and finding them.

- clients        Clients: adding, editing and finding them as the counselor types.
- chart_numbers  How a chart number is written, and the next one IOPdesk makes up (a satellite's own).
- population     Age and population (adult or adolescent) from the birth date, with the clinic's cut-off.
"""
