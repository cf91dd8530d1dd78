"""Proposed budget changes in the tertial report and the draft resolution («Forslag til vedtak»).

The kommunedirektør's tertial report (kommuneloven § 14-5) proposes budget changes for the council
to adopt. A proposal is a set of lines, each on EITHER an ansvar (a unit) OR a general line of the
§ 5-4 overview (core.appropriation), with an amount in øre in the net-expenditure sign: +5 mill. on
a unit gives it more budget, −5 mill. on `andre_generelle` is more expected income. A proposal must
balance (its lines sum to 0).

Each proposal becomes one numbered point of the draft resolution. The point's WORDING is a template
with named placeholders ({beløp}, {ny_ramme}, {finansiering} …); the figures are always generated
from the lines, so an edited wording can change the words but never a figure: a wording that types
a figure (any digit) or drops a figure placeholder is refused.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .appropriation import GENERAL_LINE_KEYS, general_line
from .document import Amount, AmountStyle, Run
from .errors import DomainError


class Funding(StrEnum):
    """How a proposal is funded (the `finansiering` column of the importer)."""

    RESERVES = "fond"
    EXTRA_REVENUES = "merinntekter"
    CUTS = "kutt"
    OTHER = "annet"


FUNDING_LABELS: dict[Funding, str] = {
    Funding.RESERVES: "Bruk av fond",
    Funding.EXTRA_REVENUES: "Økte inntekter",
    Funding.CUTS: "Reduserte utgifter",
    Funding.OTHER: "Annen inndekning",
}

# General lines where a NEGATIVE amount (net-expenditure sign) is more income or more use of a fund;
# on every other general line a positive amount is more cost.
INCOME_LINES = frozenset(
    {
        "rammetilskudd",
        "skatt",
        "eiendomsskatt",
        "andre_generelle",
        "renteinntekter",
        "utbytter",
        "gevinst_tap",
        "bruk_bundne_fond",
        "bruk_disposisjonsfond",
    }
)

NOT_BALANCED = "Forslaget balanserer ikke: {amount} kr mer {more} enn {less}"
NO_LINES = "Forslaget har ingen linjer"
LINE_TARGET = "Linje {n}: velg enten et ansvar eller en linje i bevilgningsoversikten, ikke begge"
LINE_UNKNOWN = "Linje {n}: ukjent mål «{target}»"
LINE_ZERO = "Linje {n}: beløpet er 0"
WORDING_DIGIT = (
    "Teksten kan ikke inneholde tall («{found}»): tallene settes inn av systemet; bruk plassholderne {names}"
)
WORDING_MISSING = "Teksten mangler plassholderen {{{name}}}: tallene i vedtakspunktet kan ikke tas ut"
WORDING_UNKNOWN = "Ukjent plassholder {{{name}}} i teksten; tilgjengelige: {names}"
WORDING_BRACES = "Teksten har en krøllparentes som ikke hører til en plassholder"
WORDING_EMPTY = "Teksten kan ikke være tom"


class ProposalError(DomainError):
    """A proposal that breaks a rule; `problems` lists every message (Norwegian)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


class WordingError(DomainError):
    """An edited wording that types a figure or drops a placeholder."""


def kroner_text(ore: int) -> str:
    """'2 000 000' (NO-BREAK SPACE thousands, U+2212 minus, ',50' only when there are øre), as
    renderers/numbers.py prints kroner; for messages raised by core, which cannot import renderers."""
    sign = "\u2212" if ore < 0 else ""
    whole, fraction = divmod(abs(ore), 100)
    text = f"{whole:,}".replace(",", "\u00a0")
    return f"{sign}{text}" + (f",{fraction:02d}" if fraction else "")


@dataclass(frozen=True)
class Area:
    """An appropriation area (rammeområde): the level at which the council adopts the budget."""

    code: str
    name: str


@dataclass(frozen=True)
class ProposalLine:
    """One line: EITHER `ansvar` (a unit code) OR `general_line` (a key of core.appropriation)."""

    amount: int
    ansvar: str = ""
    general_line: str = ""
    text: str = ""  # what the line is, e.g. «økt integreringstilskudd» (optional)

    @property
    def target(self) -> str:
        return self.ansvar or self.general_line


@dataclass(frozen=True)
class Proposal:
    number: int
    title: str
    funding: Funding
    lines: tuple[ProposalLine, ...]
    reason: str = ""
    wording: str = ""  # the edited template; "" = the generated default

    @property
    def balance(self) -> int:
        """Sum of the lines: 0 for a balanced proposal; positive = more expenditure than funding."""
        return sum(line.amount for line in self.lines)


def imbalance_message(balance: int) -> str:
    """'Forslaget balanserer ikke: 2 000 000 kr mer utgift enn finansiering' (or the other way round)."""
    more, less = ("utgift", "finansiering") if balance > 0 else ("finansiering", "utgift")
    return NOT_BALANCED.format(amount=kroner_text(abs(balance)), more=more, less=less)


def proposal_problems(proposal: Proposal, *, known_units: Iterable[str] | None = None) -> list[str]:
    """Every rule the proposal breaks, in Norwegian; empty when it may be saved."""
    problems: list[str] = []
    if not proposal.lines:
        return [NO_LINES]
    units = None if known_units is None else set(known_units)
    for n, line in enumerate(proposal.lines, start=1):
        if bool(line.ansvar) == bool(line.general_line):
            problems.append(LINE_TARGET.format(n=n))
        elif line.general_line and line.general_line not in GENERAL_LINE_KEYS:
            problems.append(LINE_UNKNOWN.format(n=n, target=line.general_line))
        elif line.ansvar and units is not None and line.ansvar not in units:
            problems.append(LINE_UNKNOWN.format(n=n, target=line.ansvar))
        if line.amount == 0:
            problems.append(LINE_ZERO.format(n=n))
    if proposal.balance != 0:
        problems.append(imbalance_message(proposal.balance))
    return problems


def proposal_validate(proposal: Proposal, *, known_units: Iterable[str] | None = None) -> Proposal:
    """The proposal, or ProposalError with every problem (an unbalanced one shows the imbalance)."""
    problems = proposal_problems(proposal, known_units=known_units)
    if problems:
        raise ProposalError(problems)
    return proposal


# --- Revised totals per area -------------------------------------------------------------------


@dataclass(frozen=True)
class AreaTotal:
    area: Area
    before: int  # the revised budget of the area's units before the proposals
    change: int  # the proposals' lines on the area's units
    after: int


def area_totals(
    before_by_unit: Mapping[str, int],
    area_of: Mapping[str, Area],
    proposals: Sequence[Proposal],
) -> tuple[AreaTotal, ...]:
    """Net appropriation per area: the current revised budget plus the proposals' unit lines, in the
    order the areas first appear in `area_of` (report order)."""
    order: list[Area] = []
    for area in area_of.values():
        if area not in order:
            order.append(area)
    before: dict[Area, int] = defaultdict(int)
    change: dict[Area, int] = defaultdict(int)
    for code, amount in before_by_unit.items():
        if code in area_of:
            before[area_of[code]] += amount
    for p in proposals:
        for line in p.lines:
            if line.ansvar and line.ansvar in area_of:
                change[area_of[line.ansvar]] += line.amount
    return tuple(AreaTotal(a, before[a], change[a], before[a] + change[a]) for a in order)


# --- The draft resolution ----------------------------------------------------------------------

# Placeholders that carry figures: a wording must keep every one its default wording has.
FIGURE_PLACEHOLDERS = ("beløp", "ny_ramme", "endringer", "finansiering")
TEXT_PLACEHOLDERS = ("område", "enheter", "tittel", "inndekning")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _kr(ore: int) -> tuple[Run, ...]:
    return (Amount(ore, AmountStyle.KRONER, absolute=True), " kr")


def _signed_kr(ore: int) -> tuple[Run, ...]:
    return (Amount(ore, AmountStyle.KRONER), " kr")


def _join(parts: Sequence[tuple[Run, ...]]) -> tuple[Run, ...]:
    """'a', 'a og b', 'a, b og c'."""
    out: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            out.append(" og " if i == len(parts) - 1 else ", ")
        out.extend(part)
    return tuple(out)


def _unit_label(code: str, unit_names: Mapping[str, str]) -> str:
    name = unit_names.get(code, "")
    return f"{code} {name}".strip()


def _general_phrase(line: ProposalLine) -> tuple[Run, ...]:
    """'økt integreringstilskudd (9 000 000 kr)' / 'økt bruk av disposisjonsfond (2 000 000 kr)'."""
    label = line.text or general_line(line.general_line).label.lower()
    if line.text:
        return (label, " (", *_kr(line.amount), ")")
    more = (line.amount < 0) == (line.general_line in INCOME_LINES)
    return (f"{'økt' if more else 'redusert'} {label}", " (", *_kr(line.amount), ")")


def _unit_funding_phrase(line: ProposalLine, unit_names: Mapping[str, str]) -> tuple[Run, ...]:
    what = line.text or f"redusert budsjett for {_unit_label(line.ansvar, unit_names)}"
    return (what, " (", *_kr(line.amount), ")")


@dataclass(frozen=True)
class ResolutionContext:
    """What the point's placeholders are filled with, besides the proposal itself."""

    area_of: Mapping[str, Area]
    unit_names: Mapping[str, str]
    totals: Mapping[Area, AreaTotal]
    # proposal number → ramme per area after it and every lower-numbered proposal (the points are
    # adopted in order, so point 2 states the ramme after points 1 and 2); empty = `totals` after.
    running: Mapping[int, Mapping[Area, int]] = field(default_factory=dict)

    def ramme_after(self, number: int, area: Area) -> int | None:
        if number in self.running and area in self.running[number]:
            return self.running[number][area]
        return self.totals[area].after if area in self.totals else None


def resolution_context_build(
    before_by_unit: Mapping[str, int],
    area_of: Mapping[str, Area],
    unit_names: Mapping[str, str],
    proposals: Sequence[Proposal],
) -> ResolutionContext:
    """The context of the draft resolution: area totals and the running ramme after each proposal."""
    totals = area_totals(before_by_unit, area_of, proposals)
    running: dict[int, dict[Area, int]] = {}
    current = {t.area: t.before for t in totals}
    for p in sorted(proposals, key=lambda x: x.number):
        for line in p.lines:
            if line.ansvar in area_of:
                current[area_of[line.ansvar]] += line.amount
        running[p.number] = dict(current)
    return ResolutionContext(area_of, unit_names, {t.area: t for t in totals}, running)


def _area_change_runs(
    number: int, area: Area, lines: Sequence[ProposalLine], ctx: ResolutionContext
) -> tuple[Run, ...]:
    net = sum(x.amount for x in lines)
    units = ", ".join(dict.fromkeys(_unit_label(x.ansvar, ctx.unit_names) for x in lines))
    after = ctx.ramme_after(number, area)
    if net == 0:
        head: tuple[Run, ...] = (f"rammen for {area.name} er uendret",)
    else:
        head = (f"rammen for {area.name} {'økes' if net > 0 else 'reduseres'} med ", *_kr(net))
    tail: tuple[Run, ...] = (" til ", *_signed_kr(after)) if after is not None and net != 0 else ()
    return (*head, *tail, f" ({units})")


def placeholder_values(proposal: Proposal, ctx: ResolutionContext) -> dict[str, tuple[Run, ...]]:
    """Every placeholder this proposal offers, as runs (figures stay typed Amounts)."""
    unit_lines = [x for x in proposal.lines if x.ansvar]
    by_area: dict[Area, list[ProposalLine]] = {}
    for x in unit_lines:
        area = ctx.area_of.get(x.ansvar, Area("", "ukjent område"))
        by_area.setdefault(area, []).append(x)
    values: dict[str, tuple[Run, ...]] = {
        "tittel": (proposal.title,),
        "inndekning": (FUNDING_LABELS[proposal.funding].lower(),),
    }
    # Funding: the general lines, plus unit lines that give budget away when other units receive.
    funding = [_general_phrase(x) for x in proposal.lines if x.general_line]
    if any(x.amount > 0 for x in unit_lines) and not funding:
        funding = [_unit_funding_phrase(x, ctx.unit_names) for x in unit_lines if x.amount < 0]
    if funding:
        values["finansiering"] = _join(funding)
    changes = [_area_change_runs(proposal.number, a, ls, ctx) for a, ls in by_area.items()]
    if not changes:
        changes = [
            (f"{general_line(x.general_line).label} endres med ", Amount(x.amount, AmountStyle.KRONER), " kr")
            for x in proposal.lines
            if x.general_line
        ]
    values["endringer"] = _join(changes)
    if len(by_area) == 1:
        area, lines = next(iter(by_area.items()))
        net = sum(x.amount for x in lines)
        values["område"] = (area.name,)
        values["enheter"] = (", ".join(dict.fromkeys(_unit_label(x.ansvar, ctx.unit_names) for x in lines)),)
        values["beløp"] = _kr(net)
        after = ctx.ramme_after(proposal.number, area)
        if after is not None:
            values["ny_ramme"] = _signed_kr(after)
    return values


def default_wording(proposal: Proposal, ctx: ResolutionContext) -> str:
    """The generated template of the proposal's point."""
    values = placeholder_values(proposal, ctx)
    funded = ", finansiert med {finansiering}" if "finansiering" in values else ""
    if "beløp" in values and "ny_ramme" in values:
        net = sum(x.amount for x in proposal.lines if x.ansvar)
        if net != 0:
            verb = "økes" if net > 0 else "reduseres"
            return f"Rammen for {{område}} {verb} med {{beløp}} til {{ny_ramme}} ({{enheter}}){funded}."
    return f"{{tittel}}: {{endringer}}{funded}."


def wording_check(wording: str, proposal: Proposal, ctx: ResolutionContext) -> None:
    """Refuse (WordingError) a wording that types a figure, drops a figure placeholder of the
    default wording, or names a placeholder this proposal does not have."""
    if not wording.strip():
        raise WordingError(WORDING_EMPTY)
    values = placeholder_values(proposal, ctx)
    names = ", ".join(f"{{{n}}}" for n in values)
    literal = _PLACEHOLDER.sub("", wording)
    digits = re.search(r"\d[\d\s.,]*", literal)
    if digits:
        raise WordingError(WORDING_DIGIT.format(found=digits.group(0).strip(), names=names))
    if "{" in literal or "}" in literal:
        raise WordingError(WORDING_BRACES)
    used = _PLACEHOLDER.findall(wording)
    for name in used:
        if name not in values:
            raise WordingError(WORDING_UNKNOWN.format(name=name, names=names))
    required = set(_PLACEHOLDER.findall(default_wording(proposal, ctx))) & set(FIGURE_PLACEHOLDERS)
    for name in FIGURE_PLACEHOLDERS:
        if name in required and name not in used:
            raise WordingError(WORDING_MISSING.format(name=name))


def wording_fits(wording: str, proposal: Proposal, ctx: ResolutionContext) -> bool:
    try:
        wording_check(wording, proposal, ctx)
    except WordingError:
        return False
    return True


def point_runs(proposal: Proposal, ctx: ResolutionContext) -> tuple[Run, ...]:
    """The point's text as runs: its wording (edited, if it still fits, else the default) filled in."""
    template = proposal.wording if proposal.wording and wording_fits(proposal.wording, proposal, ctx) else ""
    template = template or default_wording(proposal, ctx)
    values = placeholder_values(proposal, ctx)
    runs: list[Run] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        if m.start() > pos:
            runs.append(template[pos : m.start()])
        runs.extend(values[m.group(1)])
        pos = m.end()
    if pos < len(template):
        runs.append(template[pos:])
    return _merged(runs)


def _merged(runs: Sequence[Run]) -> tuple[Run, ...]:
    """Adjacent strings joined, so a point's text is as few runs as possible."""
    out: list[Run] = []
    for r in runs:
        if isinstance(r, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + r
        elif r != "":
            out.append(r)
    return tuple(out)


def plain_text(runs: Sequence[Run]) -> str:
    """Runs as text with kroner grouped like the renderers (for previews and messages in core tests)."""
    parts = []
    for r in runs:
        if isinstance(r, Amount):
            parts.append(kroner_text(abs(r.ore) if r.absolute else r.ore).split(",")[0])
        elif isinstance(r, str):
            parts.append(r)
    return "".join(parts)


@dataclass(frozen=True)
class Resolution:
    """The draft resolution: one point per proposal, then the net appropriation per area."""

    points: tuple[tuple[Run, ...], ...]
    closing: tuple[Run, ...]
    areas: tuple[tuple[Run, ...], ...]


def resolution_build(proposals: Sequence[Proposal], ctx: ResolutionContext, *, year: int) -> Resolution:
    ordered = sorted(proposals, key=lambda p: p.number)
    points = tuple((f"{i}. ", *point_runs(p, ctx)) for i, p in enumerate(ordered, start=1))
    closing: tuple[Run, ...] = (
        f"{len(ordered) + 1}. Netto driftsramme per rammeområde for {year} blir etter endringene:",
    )
    areas = tuple((f"{t.area.name}: ", Amount(t.after, AmountStyle.KRONER), " kr") for t in ctx.totals.values())
    return Resolution(points=points, closing=closing, areas=areas)
