"""Cut-offs that published sources disagree on: clinic settings, with the reference defaults.

Only these vary between sources; every other band is fixed by its instrument's authors.
Nothing here reads the database: the clinic-settings layer can later build a ``CutOffs``
from its stored values and pass it to ``scoring.score``.

- AUDIT-C positive screen: >= 4 for men, >= 3 for women (Bradley et al. 2003, PMID 12695273,
  as quoted in the US Core AUDIT-C example, hl7.org/fhir/us/core Observation-AUDIT-C-item-
  example-75626-2). Some programmes use other values (e.g. 5 for men); the clinic may.
- CIWA-Ar severity: the defaults are the ASAM Alcohol Withdrawal Management guideline's table
  (mild < 10, moderate 10-18, severe >= 19; eguideline.guidelinecentral.com/i/1254278/2),
  which REFERENCE.md §6 follows. The VA's PAWS pages give "less than 8 to 10" minimal,
  8-15 moderate, 15 or more severe (ci2i.research.va.gov/paws/content/5.htm); Sullivan et
  al. (1989) note that scores under 10 usually need no medication. Hence settable.
"""

from __future__ import annotations

from dataclasses import dataclass

from iopdesk.domain.kernel.errors import ValidationError

CIWA_MAX = 67
AUDIT_C_MAX = 12


@dataclass(frozen=True)
class CutOffs:
    auditc_positive_men: int = 4
    auditc_positive_women: int = 3
    ciwa_moderate_from: int = 10
    ciwa_severe_from: int = 19

    def __post_init__(self) -> None:
        for name in ("auditc_positive_men", "auditc_positive_women"):
            value = getattr(self, name)
            if not 1 <= value <= AUDIT_C_MAX:
                raise ValidationError(f"{name} must be between 1 and {AUDIT_C_MAX}, not {value}.", name)
        if not 1 <= self.ciwa_moderate_from < self.ciwa_severe_from <= CIWA_MAX:
            raise ValidationError(
                "CIWA-Ar cut-offs must rise: 1 <= moderate-from < severe-from <= "
                f"{CIWA_MAX} (given {self.ciwa_moderate_from} and {self.ciwa_severe_from}).",
                "ciwa_moderate_from",
            )


DEFAULT_CUTOFFS = CutOffs()
