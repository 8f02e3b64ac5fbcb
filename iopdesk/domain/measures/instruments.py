"""The screening questionnaires: PHQ-9, GAD-7, AUDIT-C, AUDIT and DAST-10 (items in published order).

The withdrawal scales (CIWA-Ar, COWS) are in withdrawal.py, the BAM in bam.py; ``INSTRUMENTS``
below holds all eight by their command-line names.

Sources and licences (each checked with the search tool; the licence decides the wording):

- PHQ-9, GAD-7: Kroenke, Spitzer & Williams 2001; Spitzer et al. 2006 (phqscreeners.com).
  "Copyright Pfizer Inc. ... No permission required to reproduce, translate, display or
  distribute" (quoted in the US Core PHQ-9 Questionnaire, hl7.org/fhir/us/core/STU9/
  Questionnaire-phq-9-example.html). The wording ships. Both forms end with an unnumbered
  "how difficult" question, reported and never scored; LOINC 69722-7 for PHQ-9's.
- AUDIT, AUDIT-C: Babor et al., WHO 2001 (WHO/MSD/MSB/01.6a); Bush et al. 1998; Bradley et
  al. 2003. The WHO manual "may be freely reviewed, abstracted, reproduced and translated ...
  but not for sale or for use in conjunction with commercial purposes"; SAMHSA calls the
  AUDIT-C public domain (both quoted in CamCOPS' docs, docs/source/tasks/audit.rst).
  IOPdesk is proprietary, so until someone settles whether that counts as commercial use
  the forms show our short labels and the reference, not the WHO wording.
- DAST-10: Skinner 1982. "Copyright 1982 by Harvey A. Skinner, PhD, and the Centre for
  Addiction and Mental Health ... You may reproduce this instrument for non-commercial use
  ... as long as you credit the author" (CamCOPS docs, dast.rst): labels and reference only.

LOINC codes of the totals, each seen with its display name: PHQ-9 44261-6 and GAD-7 70274-6
(HL7 PHR IG value set observation-scored-assessment-score-codes), AUDIT-C 75626-2 (US Core
examples), AUDIT 75624-7 "Total score [AUDIT]" (LOINC designations in public FHIR code
lists), DAST-10 82667-7 "Total score [DAST-10]" (Synthea's substance_use_screening module;
82666-9 there is the DAST-10 panel, not the total).

Missing answers: every instrument here is refused when any item is unanswered (answers.py).
The publishers' scoring is a plain sum of all items, and the DAST-10 form itself says
"Please answer every question". Prorating a PHQ-9 with one or two gaps is a research
convention (Arrieta et al. 2017, as used by the qscorer R package), not the publisher's
clinical instruction, and it could hide an unanswered item 9: refused here too.
"""

from __future__ import annotations

from iopdesk.domain.measures.model import Instrument, Item

FREQUENCY = ("Not at all", "Several days", "More than half the days", "Nearly every day")
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")
PHQ_LICENCE = (
    "Copyright Pfizer Inc.; no permission required to reproduce, translate, display or distribute "
    "(phqscreeners.com)."
)
TWO_WEEKS = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
DIFFICULTY_WORDING = (
    "If you checked off any problems, how difficult have these problems made it for you to do your "
    "work, take care of things at home, or get along with other people?"
)


def _frequency(number: int, label: str, wording: str) -> Item:
    return Item(f"q{number}", str(number), label, wording=wording, answer_labels=FREQUENCY)


def _difficulty(number: int) -> Item:
    return Item(
        "difficulty",
        str(number),
        "difficulty in daily life",
        wording=DIFFICULTY_WORDING,
        scored=False,
        optional=True,
        answer_labels=DIFFICULTY,
    )


PHQ9 = Instrument(
    id="phq9",
    title="PHQ-9",
    name="Patient Health Questionnaire-9",
    items=(
        _frequency(1, "little interest or pleasure", "Little interest or pleasure in doing things"),
        _frequency(2, "feeling down", "Feeling down, depressed, or hopeless"),
        _frequency(3, "sleep", "Trouble falling or staying asleep, or sleeping too much"),
        _frequency(4, "tired, little energy", "Feeling tired or having little energy"),
        _frequency(5, "appetite", "Poor appetite or overeating"),
        _frequency(
            6,
            "feeling bad about yourself",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        ),
        _frequency(
            7,
            "concentration",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
        ),
        _frequency(
            8,
            "moving or speaking slowly, or restless",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
            "being so fidgety or restless that you have been moving around a lot more than usual",
        ),
        _frequency(
            9,
            "thoughts of death or self-harm",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ),
        _difficulty(10),
    ),
    loinc_total="44261-6",
    source="Kroenke, Spitzer & Williams 2001 (J Gen Intern Med 16:606); phqscreeners.com",
    licence=PHQ_LICENCE,
    wording_shipped=True,
    instructions=TWO_WEEKS,
)

GAD7 = Instrument(
    id="gad7",
    title="GAD-7",
    name="Generalized Anxiety Disorder-7",
    items=(
        _frequency(1, "nervous, anxious, on edge", "Feeling nervous, anxious, or on edge"),
        _frequency(2, "cannot stop worrying", "Not being able to stop or control worrying"),
        _frequency(3, "worrying too much", "Worrying too much about different things"),
        _frequency(4, "trouble relaxing", "Trouble relaxing"),
        _frequency(5, "restless", "Being so restless that it is hard to sit still"),
        _frequency(6, "annoyed or irritable", "Becoming easily annoyed or irritable"),
        _frequency(7, "afraid something awful", "Feeling afraid as if something awful might happen"),
        _difficulty(8),
    ),
    loinc_total="70274-6",
    source="Spitzer, Kroenke, Williams & Löwe 2006 (Arch Intern Med 166:1092); phqscreeners.com",
    licence=PHQ_LICENCE,
    wording_shipped=True,
    instructions=TWO_WEEKS,
)

AUDIT_LICENCE = (
    "WHO 2001: free to reproduce, but not for sale or commercial use; AUDIT-C called public domain "
    "by SAMHSA. Labels and reference only until the commercial question is settled."
)
_ZERO_TO_FOUR = (0, 1, 2, 3, 4)
_AUDIT_CONSUMPTION = (
    Item("q1", "1", "how often a drink containing alcohol", _ZERO_TO_FOUR),
    Item("q2", "2", "drinks on a typical drinking day", _ZERO_TO_FOUR),
    Item("q3", "3", "how often six or more drinks", _ZERO_TO_FOUR),
)

AUDITC = Instrument(
    id="auditc",
    title="AUDIT-C",
    name="AUDIT Alcohol Consumption Questions",
    items=_AUDIT_CONSUMPTION,
    loinc_total="75626-2",
    source="Bush et al. 1998 (Arch Intern Med 158:1789); Bradley et al. 2003 (PMID 12695273)",
    licence=AUDIT_LICENCE,
    wording_shipped=False,
)

AUDIT = Instrument(
    id="audit",
    title="AUDIT",
    name="Alcohol Use Disorders Identification Test",
    items=_AUDIT_CONSUMPTION
    + (
        Item("q4", "4", "could not stop once started", _ZERO_TO_FOUR),
        Item("q5", "5", "failed what was expected", _ZERO_TO_FOUR),
        Item("q6", "6", "morning drink", _ZERO_TO_FOUR),
        Item("q7", "7", "guilt or remorse", _ZERO_TO_FOUR),
        Item("q8", "8", "could not remember the night before", _ZERO_TO_FOUR),
        # "No" 0, "Yes, but not in the last year" 2, "Yes, during the last year" 4: a 1 or 3
        # is not an answer to these two questions.
        Item("q9", "9", "injury because of drinking", (0, 2, 4)),
        Item("q10", "10", "others concerned about the drinking", (0, 2, 4)),
    ),
    loinc_total="75624-7",
    source="Babor, Higgins-Biddle, Saunders & Monteiro, WHO 2001 (WHO/MSD/MSB/01.6a)",
    licence=AUDIT_LICENCE,
    wording_shipped=False,
)


def _yes_no(number: int, label: str, *, reversed_: bool = False) -> Item:
    if reversed_:
        return Item(f"q{number}", str(number), label, scale=None, yes_score=0, no_score=1)
    return Item(f"q{number}", str(number), label, scale=None)


DAST10 = Instrument(
    id="dast10",
    title="DAST-10",
    name="Drug Abuse Screening Test-10",
    items=(
        _yes_no(1, "drugs other than for medical reasons"),
        _yes_no(2, "more than one drug at a time"),
        # Item 3 asks whether the person can always stop when they want to: "no" is the
        # answer that counts.
        _yes_no(3, "always able to stop when wanted", reversed_=True),
        _yes_no(4, "blackouts or flashbacks"),
        _yes_no(5, "feels bad or guilty about drug use"),
        _yes_no(6, "spouse or parents complain"),
        _yes_no(7, "neglected family"),
        _yes_no(8, "illegal activities to obtain drugs"),
        _yes_no(9, "withdrawal symptoms on stopping"),
        _yes_no(10, "medical problems from drug use"),
    ),
    loinc_total="82667-7",
    source="Skinner 1982 (Addict Behav 7:363); DAST-10 scoring as published by CAMH",
    licence=(
        "Copyright 1982 Harvey A. Skinner and CAMH; reproducible for non-commercial use with credit. "
        "Labels and reference only."
    ),
    wording_shipped=False,
)


def _registry() -> dict[str, Instrument]:
    from iopdesk.domain.measures.bam import BAM
    from iopdesk.domain.measures.withdrawal import CIWA_AR, COWS

    return {i.id: i for i in (PHQ9, GAD7, AUDITC, AUDIT, DAST10, CIWA_AR, COWS, BAM)}


INSTRUMENTS: dict[str, Instrument] = _registry()
NAMES = tuple(INSTRUMENTS)


def get(instrument_id: str) -> Instrument:
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        from iopdesk.domain.kernel.errors import ValidationError

        raise ValidationError(
            f"Unknown instrument {instrument_id!r}; choose one of {', '.join(NAMES)}.", "instrument"
        ) from None
