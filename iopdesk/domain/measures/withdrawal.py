"""The clinician-rated withdrawal scales: CIWA-Ar (alcohol) and COWS (opioids), items in published order.

CIWA-Ar: Sullivan, Sykora, Schneiderman, Naranjo & Sellers 1989 (Br J Addict 84:1353). Ten
items; nine rated 0-7, "orientation and clouding of sensorium" 0-4; total 0-67. "This scale
is not copyrighted and may be used freely" (Sullivan et al., quoted in CamCOPS' docs,
docs/source/tasks/ciwa.rst): the item wording ships. Severity bands vary between sources, so
they are clinic settings (cutoffs.py). No LOINC code for the total could be verified: None.

COWS: Wesson & Ling 2003 (J Psychoactive Drugs 35:253), who append "a template version of
the COWS that can be copied and used clinically"; NIDA distributes it. Eleven items, each on
its own published scale (checked against the form as printed in NCBI Bookshelf NBK64244 and
the PCSS/ASAM form): pulse 0/1/2/4, sweating 0-4, restlessness 0/1/3/5, pupils 0/1/2/5,
aches 0/1/2/4, nose/tears 0/1/2/4, GI upset 0/1/2/3/5, tremor 0/1/2/4, yawning 0/1/2/4,
anxiety 0/1/2/4, gooseflesh 0/3/5; total 0-48. A value between two published scores (a 3
for pupil size) is not a rating and is refused. Bands from the form: 5-12 mild, 13-24
moderate, 25-36 moderately severe, more than 36 severe; the form names nothing below 5.
No LOINC code for the total could be verified: None.

Both are rated by a clinician on every item: an unrated item is refused, never counted as 0.
"""

from __future__ import annotations

from iopdesk.domain.measures.model import Instrument, Item

_SEVEN = (0, 1, 2, 3, 4, 5, 6, 7)

CIWA_AR = Instrument(
    id="ciwa-ar",
    title="CIWA-Ar",
    name="Clinical Institute Withdrawal Assessment for Alcohol, revised",
    items=(
        Item(
            "nausea",
            "1",
            "nausea and vomiting",
            _SEVEN,
            wording='Nausea and vomiting. Ask "Do you feel sick to your stomach? Have you vomited?" '
            "Observation.",
        ),
        Item(
            "tremor",
            "2",
            "tremor",
            _SEVEN,
            wording="Tremor. Arms extended and fingers spread apart. Observation.",
        ),
        Item("sweats", "3", "paroxysmal sweats", _SEVEN, wording="Paroxysmal sweats. Observation."),
        Item("anxiety", "4", "anxiety", _SEVEN, wording='Anxiety. Ask "Do you feel nervous?" Observation.'),
        Item("agitation", "5", "agitation", _SEVEN, wording="Agitation. Observation."),
        Item(
            "tactile",
            "6",
            "tactile disturbances",
            _SEVEN,
            wording='Tactile disturbances. Ask "Have you any itching, pins and needles sensations, any '
            'burning, any numbness, or do you feel bugs crawling on or under your skin?" Observation.',
        ),
        Item(
            "auditory",
            "7",
            "auditory disturbances",
            _SEVEN,
            wording='Auditory disturbances. Ask "Are you more aware of sounds around you? Are they harsh? '
            "Do they frighten you? Are you hearing anything that is disturbing to you? Are you hearing "
            'things you know are not there?" Observation.',
        ),
        Item(
            "visual",
            "8",
            "visual disturbances",
            _SEVEN,
            wording='Visual disturbances. Ask "Does the light appear to be too bright? Is its color '
            "different? Does it hurt your eyes? Are you seeing anything that is disturbing to you? Are "
            'you seeing things you know are not there?" Observation.',
        ),
        Item(
            "headache",
            "9",
            "headache, fullness in head",
            _SEVEN,
            wording='Headache, fullness in head. Ask "Does your head feel different? Does it feel like '
            'there is a band around your head?" Do not rate for dizziness or lightheadedness. '
            "Otherwise, rate severity.",
        ),
        Item(
            "orientation",
            "10",
            "orientation and clouding of sensorium",
            (0, 1, 2, 3, 4),
            wording='Orientation and clouding of sensorium. Ask "What day is this? Where are you? Who am I?"',
        ),
    ),
    loinc_total=None,
    source="Sullivan et al. 1989 (Br J Addict 84:1353)",
    licence="Not copyrighted; may be used freely (Sullivan et al. 1989).",
    wording_shipped=True,
)

COWS = Instrument(
    id="cows",
    title="COWS",
    name="Clinical Opiate Withdrawal Scale",
    items=(
        Item(
            "pulse",
            "1",
            "resting pulse rate",
            (0, 1, 2, 4),
            wording="Resting pulse rate (beats per minute), measured after the patient is sitting or "
            "lying for one minute: 80 or below 0; 81-100 1; 101-120 2; greater than 120 4.",
        ),
        Item(
            "sweating",
            "2",
            "sweating",
            (0, 1, 2, 3, 4),
            wording="Sweating: over past 1/2 hour not accounted for by room temperature or patient activity.",
        ),
        Item(
            "restlessness",
            "3",
            "restlessness",
            (0, 1, 3, 5),
            wording="Restlessness: observation during assessment.",
        ),
        Item("pupils", "4", "pupil size", (0, 1, 2, 5), wording="Pupil size."),
        Item(
            "aches",
            "5",
            "bone or joint aches",
            (0, 1, 2, 4),
            wording="Bone or joint aches: if patient was having pain previously, only the additional "
            "component attributed to opiate withdrawal is scored.",
        ),
        Item(
            "nose",
            "6",
            "runny nose or tearing",
            (0, 1, 2, 4),
            wording="Runny nose or tearing: not accounted for by cold symptoms or allergies.",
        ),
        Item("gi", "7", "GI upset", (0, 1, 2, 3, 5), wording="GI upset: over last 1/2 hour."),
        Item("tremor", "8", "tremor", (0, 1, 2, 4), wording="Tremor: observation of outstretched hands."),
        Item("yawning", "9", "yawning", (0, 1, 2, 4), wording="Yawning: observation during assessment."),
        Item("anxiety", "10", "anxiety or irritability", (0, 1, 2, 4), wording="Anxiety or irritability."),
        Item("gooseflesh", "11", "gooseflesh skin", (0, 3, 5), wording="Gooseflesh skin."),
    ),
    loinc_total=None,
    source="Wesson & Ling 2003 (J Psychoactive Drugs 35:253)",
    licence="Template published for clinical copying (Wesson & Ling 2003; distributed by NIDA).",
    wording_shipped=True,
    instructions=(
        "For each item, circle the number that best describes the patient's signs or symptom. Rate on "
        "just the apparent relationship to opiate withdrawal."
    ),
)
