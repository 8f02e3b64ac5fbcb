"""Plausible note wording, assembled from phrase pools.

Member parts say "the client" and, for anyone else in the room, "a peer":
the confidentiality rule of group notes holds in the demo data too.
"""

from __future__ import annotations

import random

TOPICS = {
    "process": (
        "Coping with cravings at work",
        "Rebuilding trust with family",
        "Shame and self-forgiveness",
        "Managing anger without using",
        "Loneliness in early recovery",
        "Setting boundaries",
        "Handling weekends and free time",
        "Grief and loss in recovery",
        "Check-in and goal review",
    ),
    "relapse_prevention": (
        "Identifying high-risk situations",
        "Writing a relapse prevention plan",
        "HALT: hungry, angry, lonely, tired",
        "Urge surfing",
        "Warning signs of relapse",
        "Refusal skills role-play",
        "Building a sober support network",
    ),
    "psychoeducation": (
        "The brain and addiction",
        "Stages of change",
        "Post-acute withdrawal",
        "Alcohol and sleep",
        "Medications for addiction treatment",
        "Nutrition in recovery",
        "Understanding triggers",
    ),
    "skills": (
        "Distress tolerance: TIPP",
        "Opposite action",
        "Challenging cognitive distortions",
        "DEAR MAN: asking for what you need",
        "Thought records",
        "Wise mind",
        "Problem-solving steps",
    ),
    "family": (
        "Boundaries and enabling",
        "Communication without blame",
        "Family roles in addiction",
        "Rebuilding routines at home",
        "Self-care for family members",
    ),
    "holistic": (
        "Body scan meditation",
        "Box breathing",
        "Mindful walking",
        "Loving-kindness meditation",
        "Progressive muscle relaxation",
        "Mindful eating",
    ),
    "individual": (
        "Treatment-plan review",
        "Relapse prevention planning",
        "Coping with a recent stressor",
        "Motivation and values",
        "Discharge and aftercare planning",
    ),
}

INTERVENTIONS = (
    "Motivational interviewing; open-ended questions and reflections.",
    "CBT thought-record worksheet, completed in pairs.",
    "Psychoeducation with handout; facilitated discussion.",
    "Role-play of refusal skills with facilitator feedback.",
    "Guided mindfulness exercise followed by processing.",
    "DBT skills teaching, practice and homework review.",
    "Check-in round, then open process of themes raised.",
)
DYNAMICS = (
    "Group was cohesive; members offered support and feedback to peers.",
    "Members were engaged; discussion stayed on topic with light redirection.",
    "Energy was low at the start and improved after the check-in round.",
    "Several members shared openly; facilitator balanced talk time.",
    "Some side conversations early on; group norms reviewed and then well observed.",
)

PRESENTATION = (
    "Alert and oriented; mood euthymic, affect congruent.",
    "Appeared tired; mood described as 'okay', affect mildly constricted.",
    "Well groomed; mood anxious, affect congruent with content.",
    "Mood irritable at check-in, brighter by the end of session.",
    "Calm and cooperative; mood 'good', affect full range.",
)
PARTICIPATION = (
    "Participated actively and offered feedback to a peer.",
    "Participated when prompted; listened attentively.",
    "Shared a recent trigger and responded well to feedback from a peer.",
    "Engaged in the exercise and completed the worksheet.",
    "Quiet for most of the session; contributed during the closing round.",
)
PROGRESS = (
    "Making steady progress toward the goal of 90 days of abstinence.",
    "Progress on the coping-skills goal: named two skills used this week.",
    "Some progress; still working on identifying early warning signs.",
    "Goal of rebuilding daily structure: now keeping a regular sleep schedule.",
    "Limited progress this week; goals reviewed with the client.",
)
RISK_LOW = (
    "Denies SI/HI; no safety concerns identified.",
    "Denies SI/HI; relapse risk moderate, plan reviewed.",
)
RISK_HIGH = "Reported passive SI without plan or intent; safety plan reviewed and supervisor informed."
USE_NONE = (
    "Reports abstinence since the last session.",
    "Reports no use; UDS collected today.",
    "Reports continued abstinence and attending mutual-help meetings.",
)
USE_SOME = (
    "Reports alcohol use over the weekend; discussed the circumstances.",
    "Reports a lapse (cannabis) two days ago; no use since.",
    "Reports strong cravings and one episode of use; plan adjusted.",
)

OWN_FIELDS = {
    "data": (
        "Client discussed {topic_l} and described a recent situation at home.",
        "Client reported on homework and shared how the week went in relation to {topic_l}.",
    ),
    "subjective": (
        "Client stated, 'This week was hard but I stayed on track.'",
        "Client reported feeling more hopeful and sleeping better.",
    ),
    "objective": (
        "Client arrived on time, attended the full session and completed the exercise.",
        "Client was attentive and took notes during the {topic_l} segment.",
    ),
    "assessment": (
        "Client shows growing insight and is applying skills outside group.",
        "Client is ambivalent about change but engaged; readiness improving.",
    ),
    "plan": (
        "Continue current level of care; practice the skill daily and report back.",
        "Attend the next session; review the relapse prevention plan with the counselor.",
        "Continue IOP; homework: identify one support to call when cravings rise.",
    ),
    "behavior": (
        "Client presented engaged and shared about {topic_l}.",
        "Client appeared guarded at first, then opened up about a recent stressor.",
    ),
    "intervention": (
        "Facilitator used reflective listening and skills practice on {topic_l}.",
        "Provided psychoeducation and modeled the skill with the group.",
    ),
    "response": (
        "Client responded well and identified how to use the skill this week.",
        "Client was receptive and accepted feedback from a peer.",
    ),
    "goal": (
        "Treatment-plan goal: develop three coping strategies for cravings.",
        "Treatment-plan goal: improve communication with family.",
    ),
    "narrative": (
        "Client attended the {topic_l} session, took part in the discussion and practised the "
        "skill with a peer. Client reported no use since last session. Plan: continue IOP.",
        "Client was engaged throughout the session on {topic_l} and related it to a recent "
        "situation at home. No safety concerns. Plan: continue attending.",
    ),
}


def topic_for(kind: str, rng: random.Random) -> str:
    return rng.choice(TOPICS.get(kind, TOPICS["process"]))


def shared_body(keys: tuple[str, ...], topic: str, present: int, rng: random.Random) -> dict[str, str]:
    """The group note's shared part: names no member."""
    values = {
        "topic": topic,
        "interventions": rng.choice(INTERVENTIONS),
        "dynamics": rng.choice(DYNAMICS),
        "number_present": str(present),
    }
    return {k: values.get(k, "") for k in keys}


def member_body(
    keys: tuple[str, ...], topic: str, status: str, struggling: bool, rng: random.Random
) -> dict[str, str]:
    """One client's part of a note, in the fields of the note's format."""
    topic_l = topic[:1].lower() + topic[1:]
    out = {}
    for key in keys:
        if key == "presentation":
            text = rng.choice(PRESENTATION)
        elif key == "participation":
            text = rng.choice(PARTICIPATION)
            if status == "late":
                text = "Arrived late. " + text
            elif status == "left_early":
                text += " Left before the end of session."
        elif key == "progress":
            text = rng.choice(PROGRESS[-2:] if struggling else PROGRESS[:-1])
        elif key == "risk":
            text = RISK_HIGH if rng.random() < 0.004 else rng.choice(RISK_LOW)
        elif key == "use_since_last":
            text = rng.choice(USE_SOME if struggling and rng.random() < 0.2 else USE_NONE)
        else:
            text = rng.choice(OWN_FIELDS.get(key, ("",))).format(topic_l=topic_l)
        out[key] = text
    return out
