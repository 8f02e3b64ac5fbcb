"""Measurement-based care: standard instruments with exact published scoring (no database, no Qt).

- answers     Answers typed and checked ("1,0,yes,…" or a mapping), refusals naming the item.
- bam         The Brief Addiction Monitor: 23 answers, Use/Risk/Protective subscales, no total.
- cutoffs     The cut-offs sources disagree on (AUDIT-C by sex, CIWA-Ar bands): clinic settings.
- instruments PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10, and the registry of all eight by name.
- model       Item, Band, Instrument, Alert, Result: the frozen shapes every instrument shares.
- scoring     Totals, bands, subscales and alerts (PHQ-9 item 9 above 0: same-day safety alert).
- withdrawal  The clinician-rated withdrawal scales: CIWA-Ar and COWS.
"""
