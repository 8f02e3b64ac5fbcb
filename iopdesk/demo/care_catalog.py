"""The demo clinic's treatment wording: problems with their goals (in the client's words too),
objectives and interventions, referral sources, and what reviews and discharges say. Invented."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InterventionSpec:
    service: str  # vocab.PLAN_SERVICES
    frequency: str
    group_kind: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ObjectiveSpec:
    text: str
    weeks: int  # target date: this many weeks after the plan is signed
    interventions: tuple[InterventionSpec, ...]


@dataclass(frozen=True)
class ProblemSpec:
    problem: str
    goal: str
    client_words: tuple[str, ...]
    objectives: tuple[ObjectiveSpec, ...]
    teen: bool | None = None  # True: adolescents only; False: adults only; None: anyone


GROUP_RP = InterventionSpec("group", "4 times a week", "relapse_prevention", "Relapse-prevention planning")
GROUP_PROCESS = InterventionSpec("group", "4 times a week", "process")
INDIVIDUAL_CBT = InterventionSpec("individual", "every two weeks", detail="CBT for cravings and triggers")
INDIVIDUAL_MI = InterventionSpec("individual", "every two weeks", detail="Motivational interviewing")
FAMILY = InterventionSpec("family", "twice a month", detail="Family sessions with the people at home")
MINDFULNESS = InterventionSpec("holistic", "3 times a week", detail="Mindfulness and breathing practice")
DETOX = InterventionSpec("detox_monitoring", "daily for the first week", detail="CIWA-Ar / COWS checks")
SKILLS = InterventionSpec("group", "twice a week", "skills", "CBT / DBT skills group")

SUBSTANCE_PROBLEMS = (
    ProblemSpec(
        "Alcohol use disorder: daily drinking that is hurting work and family life.",
        "Stop drinking and stay abstinent from alcohol.",
        (
            "I want to stop drinking and keep my job.",
            "No more drinking after work.",
            "I want to be sober for my kids.",
        ),
        (
            ObjectiveSpec("Attend at least 4 IOP groups a week for the next 8 weeks.", 8, (GROUP_RP,)),
            ObjectiveSpec(
                "Negative breath tests at every session for 30 days in a row.", 6, (INDIVIDUAL_CBT, DETOX)
            ),
        ),
        teen=False,
    ),
    ProblemSpec(
        "Opioid use disorder with a recent return to use after detox.",
        "Stay free of illicit opioids and keep up medication treatment.",
        ("I don't want to go back to using.", "I want to stay on my medication and off the street stuff."),
        (
            ObjectiveSpec("Keep every prescriber appointment for the next 60 days.", 9, (INDIVIDUAL_MI,)),
            ObjectiveSpec("Negative weekly urine drug screens for 6 weeks.", 7, (GROUP_PROCESS,)),
        ),
        teen=False,
    ),
    ProblemSpec(
        "Stimulant use: binges on weekends, missed work on Mondays.",
        "Stop using stimulants and recognise the early signs of a binge.",
        ("I want my weekends back.", "I'm done losing Mondays."),
        (
            ObjectiveSpec(
                "Write a relapse-prevention plan naming 3 triggers and a response to each.",
                4,
                (GROUP_RP, INDIVIDUAL_CBT),
            ),
            ObjectiveSpec("Negative drug screens for 30 days in a row.", 6, (GROUP_PROCESS,)),
        ),
        teen=False,
    ),
    ProblemSpec(
        "Cannabis and alcohol use affecting school attendance and grades.",
        "Stop using cannabis and alcohol and get back on track at school.",
        (
            "I don't want to get kicked off the team.",
            "I want to graduate on time.",
            "My parents to stop worrying.",
        ),
        (
            ObjectiveSpec("Attend every after-school group session for 6 weeks.", 6, (GROUP_PROCESS,)),
            ObjectiveSpec("Negative drug screens for 4 weeks in a row.", 5, (INDIVIDUAL_MI,)),
        ),
        teen=True,
    ),
)
OTHER_PROBLEMS = (
    ProblemSpec(
        "Conflict at home about use; trust with family is damaged.",
        "Rebuild trust and communication at home.",
        (
            "I want my family to trust me again.",
            "Less yelling at home.",
            "I want my partner back on my side.",
        ),
        (ObjectiveSpec("Take part in 4 family sessions with a family member.", 8, (FAMILY,)),),
    ),
    ProblemSpec(
        "Anxiety and poor sleep that the client relieves by using.",
        "Manage anxiety and sleep without substances.",
        ("I want to calm down without a drink.", "Sleep through the night."),
        (
            ObjectiveSpec("Practise a breathing exercise daily, logged 5 days a week.", 4, (MINDFULNESS,)),
            ObjectiveSpec(
                "Use two coping skills from group when anxious, as reported in session.", 6, (SKILLS,)
            ),
        ),
    ),
    ProblemSpec(
        "Few sober supports; most friends still use.",
        "Build a sober support network.",
        ("I need people who don't use.", "Find friends who get it."),
        (
            ObjectiveSpec(
                "Attend 2 mutual-help meetings a week and name a sponsor within 30 days.", 5, (GROUP_PROCESS,)
            ),
        ),
        teen=False,
    ),
    ProblemSpec(
        "Peer pressure at school and after school.",
        "Handle peer pressure without using.",
        ("Say no and still keep my friends.", "Not get dragged into stuff."),
        (ObjectiveSpec("Role-play refusal skills in group and use them twice, as reported.", 4, (SKILLS,)),),
        teen=True,
    ),
)

REFERRAL_SOURCES = (
    "Self",
    "Self",
    "Family",
    "Primary care physician",
    "Residential step-down",
    "Employer (EAP)",
    "Court",
    "Probation",
    "Emergency department",
    "School counselor",
)
TEEN_REFERRAL_SOURCES = ("Parent", "School counselor", "Pediatrician", "Juvenile court")

SCREENING_NOTES = {
    "yes": ("Confirmed at intake.", "Client and family agree.", "No concerns found."),
    "no": ("Concern noted at intake.", "Not met: see the summary.", "Discussed with the client."),
    "unknown": ("To be checked with the referral source.", "Records requested."),
}
RATING_REASONS = (
    "From the intake interview.",
    "Per client report and referral records.",
    "Observed at intake.",
    "Consistent with the screening instruments.",
)
OVERRIDE_REASONS = (
    "Client works full time and asked to keep a daytime schedule; team agreed to start at IOP.",
    "Recent residential stay: stepping down to IOP as planned with the residential team.",
    "Higher level of care declined by the client; IOP offered with close monitoring.",
)
TERM_CHANGES = (
    ("2.5", None, "Stepped up to partial hospitalization after a return to use."),
    ("1", None, "Stepped down to outpatient for the last weeks before discharge."),
    (None, 540, "Weekly target set to 9 hours to match the new work schedule."),
)
REVIEW_SUMMARIES = (
    "Client engaged and making steady progress; plan continues.",
    "Attendance improved after the schedule change; objectives on track.",
    "Some setbacks this month; client recommitted to the plan.",
    "Progress reviewed with the client, who agrees with the next steps.",
)
PROGRESS_NOTES = (
    "",
    "",
    "Reported in group.",
    "Confirmed by test results.",
    "Discussed in individual session.",
)
AFTERCARE = {
    "completed": (
        ("referral", "Alumni aftercare group, Tuesdays 6 pm"),
        ("meeting", "SMART Recovery, twice a week"),
    ),
    "stepped_down": (
        ("referral", "Standard outpatient counseling, weekly"),
        ("appointment", "Follow-up in 30 days"),
    ),
    "stepped_up": (("referral", "Partial hospitalization program"), ("appointment", "Intake call scheduled")),
    "transferred": (
        ("referral", "IOP closer to the client's new home"),
        ("appointment", "Records sent; intake set"),
    ),
    "left_against_advice": (("referral", "Open invitation to return; crisis line given"),),
    "administrative": (("referral", "Referral list of other programs given"),),
}
CONDITION = {
    "completed": "Stable; abstinent and using coping skills; motivated for aftercare.",
    "stepped_down": "Stable and abstinent; ready for a lower level of care.",
    "stepped_up": "Returned to use; needs more structure than IOP gives.",
    "transferred": "Stable; continuing treatment at another program.",
    "left_against_advice": "Stopped attending against clinical advice; outreach unanswered.",
    "administrative": "Discharged after repeated missed sessions under the program's attendance policy.",
}
RECOMMENDATIONS = {
    "completed": "Alumni group and mutual-help meetings; call the clinic if cravings return.",
    "stepped_down": "Weekly outpatient counseling; return to IOP if use resumes.",
    "stepped_up": "Partial hospitalization as arranged; IOP again when stable.",
    "transferred": "Continue IOP at the receiving program; records sent with consent.",
    "left_against_advice": "Re-admission welcome at any time; crisis line given.",
    "administrative": "Re-screening welcome once able to attend as scheduled.",
}
