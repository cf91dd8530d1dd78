"""The lines of the appropriation overview (bevilgningsoversikt drift), budsjett- og regnskapsforskriften § 5-4.

The council adopts the operating budget per appropriation area (rammeområde), and the general lines
below fund it: general income, financial items and allocations to and from reserves. This module
names those lines once, in the regulation's order, so importers, budget-change proposals and the
report all refer to the same keys.

Sign: as everywhere in Tertial, amounts are net expenditure in øre, so income is negative
(rammetilskudd −820 mill.) and the sum of every line of a balanced budget is 0. The deviation of a
line is budget − forecast, so a positive deviation improves the result (more income, lower cost).
"""

from dataclasses import dataclass
from enum import StrEnum


class LineGroup(StrEnum):
    GENERAL_INCOME = "generelle_driftsinntekter"  # lines 1–4, "Sum generelle driftsinntekter"
    DEPRECIATION = "avskrivninger"  # line 7, with the areas "Sum netto driftsutgifter"
    FINANCE = "finans"  # lines 10–14, "Netto finansutgifter"
    DEPRECIATION_OFFSET = "motpost_avskrivninger"  # line 16
    DISPOSAL = "disponering"  # lines 18–23, "Sum disponeringer eller dekning av netto driftsresultat"


@dataclass(frozen=True)
class GeneralLine:
    key: str
    label: str
    group: LineGroup


# In the order of § 5-4. The keys are the values of the `linje` column of the importers.
GENERAL_LINES: tuple[GeneralLine, ...] = (
    GeneralLine("rammetilskudd", "Rammetilskudd", LineGroup.GENERAL_INCOME),
    GeneralLine("skatt", "Inntekts- og formuesskatt", LineGroup.GENERAL_INCOME),
    GeneralLine("eiendomsskatt", "Eiendomsskatt", LineGroup.GENERAL_INCOME),
    GeneralLine("andre_generelle", "Andre generelle driftsinntekter", LineGroup.GENERAL_INCOME),
    GeneralLine("avskrivninger", "Avskrivninger", LineGroup.DEPRECIATION),
    GeneralLine("renteinntekter", "Renteinntekter", LineGroup.FINANCE),
    GeneralLine("utbytter", "Utbytter", LineGroup.FINANCE),
    GeneralLine("gevinst_tap", "Gevinster og tap på finansielle omløpsmidler", LineGroup.FINANCE),
    GeneralLine("renteutgifter", "Renteutgifter", LineGroup.FINANCE),
    GeneralLine("avdrag", "Avdrag på lån", LineGroup.FINANCE),
    GeneralLine("motpost_avskrivninger", "Motpost avskrivninger", LineGroup.DEPRECIATION_OFFSET),
    GeneralLine("overforing_investering", "Overføring til investering", LineGroup.DISPOSAL),
    GeneralLine("avsetning_bundne_fond", "Avsetninger til bundne driftsfond", LineGroup.DISPOSAL),
    GeneralLine("bruk_bundne_fond", "Bruk av bundne driftsfond", LineGroup.DISPOSAL),
    GeneralLine("avsetning_disposisjonsfond", "Avsetninger til disposisjonsfond", LineGroup.DISPOSAL),
    GeneralLine("bruk_disposisjonsfond", "Bruk av disposisjonsfond", LineGroup.DISPOSAL),
    GeneralLine("dekning_merforbruk", "Dekning av tidligere års merforbruk", LineGroup.DISPOSAL),
)

GENERAL_LINE_KEYS = frozenset(line.key for line in GENERAL_LINES)


def general_line(key: str) -> GeneralLine:
    """The line with this key; KeyError names the known keys."""
    for line in GENERAL_LINES:
        if line.key == key:
            return line
    known = ", ".join(sorted(GENERAL_LINE_KEYS))
    raise KeyError(f"Ukjent linje «{key}» i bevilgningsoversikten; kjente linjer: {known}")
