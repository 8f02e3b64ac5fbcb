"""The client's treatment: intake screening, admission, treatment team, treatment plan, discharge.

Each call takes the acting staff member first, checks the permission matrix (the chart is in reach
of the client's caseload, their treatment team included) and audits every read and change; what it
returns is frozen. A chart screen calls one function per section (``chart``).

- common        shared checks, audit entries, canonical JSON, loading rows
- sealing       signing care records like notes: seal, co-signature, return for changes
- suitability   the clinic's suitability criteria, and the rule that recommends a level of care
- screening     intake screening: answers, the six ASAM dimensions, the program's recommendation
                and the clinician's override, signing
- episodes      episodes of care and their admission terms with history; the terms in force on a date
- admission     admitting (and re-admitting) a client, changing the terms (the hours floor follows)
- admission_checks  the checks every admission term passes (level, population, target, counselor)
- team          the treatment team: members, roles, dates
- plan_content  what a plan says: problems → goals → objectives → interventions
- plans         plan versions: drafting, signing, co-signing, the plan in force
- reviews       plan reviews on the clinic's interval: progress per objective
- review_due    the list of plan reviews due (Today)
- discharge_summary  the discharge summary the program assembles, and a stay's figures
- discharge     discharging: the summary edited and signed, aftercare, ending things from a date on
- discharge_views  a discharge as it is read: its view, aftercare items, what signing seals
- cosigning     the supervisor's queue of treatment records awaiting a co-signature
- note_goals    the plan goals a note addressed, and the notes that addressed each goal
- chart         read-models for a chart screen, and what the printed chart carries
- chart_notes   the chart's Notes section: the client's notes as lines, without their text
"""
