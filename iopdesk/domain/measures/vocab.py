"""The measures' controlled vocabularies. Stored values are the keys; the labels are what people read."""

from __future__ import annotations

# What the clinician did when following up a safety alert (any of them closes it).
SAFETY_OUTCOMES = {
    "no_current_risk": "Safety check done: no current risk found",
    "safety_plan": "Safety check done: safety plan made or reviewed with the client",
    "referred": "Referred for an urgent evaluation (crisis team, psychiatry)",
    "emergency": "Emergency care: 988, 911 or the emergency department",
}

# Substances the program monitors withdrawal from, and the scale each is rated on.
DETOX_SUBSTANCES = {"alcohol": "Alcohol", "opioids": "Opioids"}
DETOX_SCALES = {"alcohol": "ciwa-ar", "opioids": "cows"}
DETOX_END_REASONS = {
    "completed": "Withdrawal resolved",
    "higher_level": "Referred to a higher level of care",
    "stopped_coming": "The client stopped coming",
    "other": "Other",
}

SPECIMENS = {
    "urine": "Urine",
    "oral_fluid": "Oral fluid",
    "breath": "Breath",
    "blood": "Blood",
    "hair": "Hair",
}
SCREEN_METHODS = {"point_of_care": "Point of care", "lab": "Laboratory"}
# Panel order: the usual point-of-care cup first, then what a lab adds.
SUBSTANCES = {
    "alcohol": "Alcohol (EtG / breath)",
    "amphetamines": "Amphetamines",
    "methamphetamine": "Methamphetamine",
    "benzodiazepines": "Benzodiazepines",
    "buprenorphine": "Buprenorphine",
    "cannabinoids": "Cannabinoids (THC)",
    "cocaine": "Cocaine",
    "fentanyl": "Fentanyl",
    "methadone": "Methadone",
    "opiates": "Opiates",
    "oxycodone": "Oxycodone",
    "barbiturates": "Barbiturates",
    "mdma": "MDMA",
    "pcp": "PCP",
    "tricyclics": "Tricyclic antidepressants",
    "xylazine": "Xylazine",
}
SCREEN_RESULTS = {
    "negative": "Negative",
    "positive": "Positive",
    "expected_positive": "Expected positive (prescribed)",
    "invalid": "Invalid",
}
# Letters for a grid of results over weeks (the words are in the legend and the tooltip).
RESULT_MARKS = {"negative": "−", "positive": "+", "expected_positive": "Rx", "invalid": "?"}
