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
