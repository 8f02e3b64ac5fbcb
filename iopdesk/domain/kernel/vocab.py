"""The clinic's controlled vocabularies (REFERENCE.md §2, §4). Stored values are the keys."""

from __future__ import annotations

ROLES = {
    "administrator": "Administrator",
    "supervisor": "Supervisor",
    "counselor": "Counselor",
    "frontdesk": "Front desk",
    "auditor": "Auditor",
}

CLIENT_STATUSES = {
    "referred": "Referred",
    "active": "Active",
    "on_hold": "On hold",
    "discharged": "Discharged",
}

POPULATIONS = {"adult": "Adult", "adolescent": "Adolescent"}

GROUP_KINDS = {
    "process": "Process",
    "psychoeducation": "Psychoeducation",
    "relapse_prevention": "Relapse prevention",
    "skills": "Skills (CBT/DBT)",
    "family": "Family / multi-family",
    "holistic": "Holistic / mindfulness",
    "other": "Other",
}

ENROLLMENT_MODES = {"open": "Open (rolling admission)", "closed": "Closed"}
PARTICIPATION = {"mandatory": "Mandatory", "optional": "Optional"}

ENROLLMENT_STATUSES = {
    "wait_listed": "Wait-listed",
    "active": "Active",
    "on_hold": "On hold",
    "completed": "Completed",
    "withdrawn": "Withdrawn",
    "transferred": "Transferred",
    "discharged": "Discharged",
    "ended": "Ended (other reason)",  # end reason "other"
}
# Enrollments in these states hold a place in the group.
CURRENT_ENROLLMENT = ("active", "on_hold")
END_REASONS = {
    "completed": "Completed",
    "withdrawn": "Withdrawn",
    "transferred": "Transferred",
    "discharged": "Discharged",
    "other": "Other",
}

KEEP_APART_REASONS = {
    "relatives": "Relatives",
    "coworkers": "Co-workers",
    "codefendants": "Co-defendants",
    "conflict": "Conflict",
    "other": "Other",
}

SESSION_KINDS = {"group": "Group", "individual": "Individual", "family": "Family"}
SESSION_STATUSES = {"scheduled": "Scheduled", "cancelled": "Cancelled"}
MODALITIES = {"in_person": "In person", "telehealth": "Telehealth"}

# Letter shown on screen and the key that sets it while taking attendance.
ATTENDANCE_STATUSES = {
    "present": ("Present", "P"),
    "late": ("Late", "L"),
    "left_early": ("Left early", "E"),
    "absent_excused": ("Absent (excused)", "X"),
    "absent_unexcused": ("Absent (unexcused)", "U"),
    "cancelled_client": ("Cancelled by client", "C"),
    "cancelled_clinic": ("Cancelled by clinic", "K"),
    "not_recorded": ("Not recorded", "?"),
}
ATTENDED_STATUSES = ("present", "late", "left_early")

NOTE_FORMATS = {"DAP": "DAP", "SOAP": "SOAP", "BIRP": "BIRP", "GIRP": "GIRP", "narrative": "Narrative"}
NOTE_STATUSES = {
    "draft": "Draft",
    "pending_cosign": "Awaiting co-signature",
    "returned": "Returned for changes",
    "signed": "Signed",
}

# --- the client's treatment (iopdesk.domain.care) ---------------------------------------------

# ASAM levels of care the program knows by default (REFERENCE §2). The codes are data: the clinic's
# list is the setting "levels_of_care" (ASAM 4th edition re-cut some levels); these are its defaults.
LEVELS_OF_CARE = {
    "1": "Level 1: Outpatient",
    "2.1": "Level 2.1: Intensive outpatient (IOP)",
    "2.5": "Level 2.5: Partial hospitalization (PHP)",
}

# The six ASAM dimensions (REFERENCE §2), each rated 0-4 at screening with a short reason.
ASAM_DIMENSIONS = {
    "withdrawal": "1. Acute intoxication and/or withdrawal potential",
    "biomedical": "2. Biomedical conditions and complications",
    "emotional": "3. Emotional, behavioral or cognitive conditions",
    "readiness": "4. Readiness to change",
    "relapse": "5. Relapse, continued use or continued problem potential",
    "environment": "6. Recovery / living environment",
}
ASAM_RATINGS = {0: "0 — none", 1: "1 — mild", 2: "2 — moderate", 3: "3 — significant", 4: "4 — severe"}

# How a suitability criterion was answered: met, not met, or not known yet.
CRITERION_ANSWERS = {"yes": "Met", "no": "Not met", "unknown": "Not known"}

SCREENING_RECOMMENDATIONS = {
    "iop": "Intensive outpatient (IOP)",
    "higher": "A higher level of care",
    "outpatient": "Standard outpatient",
}

# A care record's life: drafted, signed (and co-signed where the author needs it).
CARE_RECORD_STATUSES = {
    "draft": "Draft",
    "pending_cosign": "Awaiting co-signature",
    "returned": "Returned for changes",
    "signed": "Signed",
    "superseded": "Superseded by a newer version",  # a plan version only; derived, never stored
}

TEAM_ROLES = {
    "primary_counselor": "Primary counselor",
    "prescriber": "Prescriber",
    "nurse": "Nurse",
    "case_manager": "Case manager",
    "peer_support": "Peer support specialist",
    "family_therapist": "Family therapist",
    "supervisor": "Clinical supervisor",
}

# The services a plan's intervention names (a group intervention also names the group kind).
PLAN_SERVICES = {
    "group": "Group counseling",
    "individual": "Individual counseling",
    "family": "Family therapy",
    "holistic": "Holistic therapy",
    "detox_monitoring": "Detox monitoring",
}

OBJECTIVE_PROGRESS = {
    "not_started": "Not started",
    "progressing": "Progressing",
    "achieved": "Achieved",
    "no_progress": "No progress",
    "discontinued": "Discontinued",
}
# What a review decided for the plan.
REVIEW_OUTCOMES = {
    "continue": "Continue the plan as it is",
    "revise": "Revise the plan (a new version follows)",
    "discharge": "Prepare for discharge",
}

DISCHARGE_REASONS = {
    "completed": "Completed the program",
    "stepped_down": "Stepped down to a lower level of care",
    "stepped_up": "Stepped up to a higher level of care",
    "transferred": "Transferred to another program",
    "left_against_advice": "Left against clinical advice",
    "administrative": "Administrative discharge",
}
# The standardized instruments' titles by id, for records that name one without scoring it (the
# discharge summary); iopdesk.domain.measures.instruments defines each, and a test keeps the two equal.
INSTRUMENT_TITLES = {
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "auditc": "AUDIT-C",
    "audit": "AUDIT",
    "dast10": "DAST-10",
    "ciwa-ar": "CIWA-Ar",
    "cows": "COWS",
    "bam": "BAM",
}
AFTERCARE_KINDS = {
    "referral": "Referral",
    "meeting": "Mutual-help meeting",
    "appointment": "Follow-up appointment",
}
