"""Measurement-based care: standard instruments with exact published scoring, and the client's
results, safety alerts, detox monitoring and drug screens.

The scoring core needs no database and no Qt (``iopdesk score`` runs it alone):

- answers     Answers typed and checked ("1,0,yes,…" or a mapping), refusals naming the item.
- bam         The Brief Addiction Monitor: 23 answers, Use/Risk/Protective subscales, no total.
- cutoffs     The cut-offs sources disagree on (AUDIT-C by sex, CIWA-Ar bands): clinic settings.
- instruments PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10, and the registry of all eight by name.
- model       Item, Band, Instrument, Alert, Result: the frozen shapes every instrument shares.
- scoring     Totals, bands, subscales and alerts (PHQ-9 item 9 above 0: same-day safety alert).
- withdrawal  The clinician-rated withdrawal scales: CIWA-Ar and COWS.
- live        Scoring while a form is filled in: running total, items left, an early safety alert.

The client's records sit above the care area (a record attaches to the episode of care its day
falls in). Each call takes the acting staff member first, checks the permission matrix
(measure.read / measure.record / measure.follow_up, in reach of the client's caseload, treatment
team included) and audits every read and change; what it returns is frozen. What is recorded is
never changed (the database refuses it): a correction supersedes, with its reason.

- vocab       safety-check outcomes, detox substances and end reasons, specimens, substances, results
- common      the clinic's cut-offs, the episode a record attaches to, times, checks, audit entries
- results     giving an instrument: scored, attached to the episode, the safety alert raised; corrections;
              a result as a FHIR Observation
- alerts      safety alerts: open ones for a caseload (Today), a client's, the clinician's follow-up
- schedule    instruments due at intake, every N days and at discharge (clinic settings)
- detox       detox episodes: the prescriber's plan, serial CIWA-Ar / COWS ratings with vital signs,
              flags at the clinic's thresholds for a higher level of care, the end
- detox_views   a detox episode and its ratings as they are read (the frozen views)
- detox_limits  those thresholds, the flags a rating reaches, the vital signs one may type
- screens     the drug-screen log: specimen, point of care or lab, observed, a result per substance
- trends      what the trend charts draw (bands, points, thresholds, weeks) and the printed chart's part
"""
