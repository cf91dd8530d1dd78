"""What an import changed, in words, and where to see it (issue 16: the result names the units,
amounts and periods that changed and links to the result pages)."""

from django.urls import reverse

from tertial.renderers import numbers as nb
from tertial.web.budget.models import ActualsImport
from tertial.web.budget.selectors import actuals_by_period_and_unit, periods_with_data_all
from tertial.web.org.models import Unit

MONTHS_SHOWN = 12
UNITS_SHOWN = 8


def ledger_snapshot(year: int) -> tuple[dict[int, int], dict[str, int]]:
    """The year's actuals per month and per unit (øre), to compare before and after an import: one
    grouped query (period × unit), summed both ways here."""
    months: dict[int, int] = {}
    units: dict[str, int] = {}
    for period, code, amount in actuals_by_period_and_unit(year):
        months[period] = months.get(period, 0) + amount
        units[code] = units.get(code, 0) + amount
    return months, units


def _signed(ore: int) -> str:
    return ("+" if ore > 0 else "") + nb.kroner(ore)


def ledger_changes(year: int, before: tuple[dict[int, int], dict[str, int]]) -> list[str]:
    months_before, units_before = before
    months_after, units_after = ledger_snapshot(year)
    lines = []
    for m in sorted(set(months_before) | set(months_after))[:MONTHS_SHOWN]:
        old, new = months_before.get(m, 0), months_after.get(m, 0)
        if old != new:
            lines.append(f"{year}{m:02d}: {nb.kroner(old)} kr → {nb.kroner(new)} kr ({_signed(new - old)} kr)")
    changed = {
        code: units_after.get(code, 0) - units_before.get(code, 0)
        for code in set(units_before) | set(units_after)
        if units_after.get(code, 0) != units_before.get(code, 0)
    }
    if changed:
        names = dict(Unit.objects.filter(budget_year__year=year, code__in=changed).values_list("code", "name"))
        biggest = sorted(changed, key=lambda c: -abs(changed[c]))
        shown = ", ".join(f"{c} {names.get(c, '')} ({_signed(changed[c])} kr)" for c in biggest[:UNITS_SHOWN])
        more = f" og {len(biggest) - UNITS_SHOWN} til" if len(biggest) > UNITS_SHOWN else ""
        lines.append(f"Endret regnskap for {len(changed)} enheter: {shown}{more}.")
    elif not lines:
        lines.append("Ingen beløp endret seg: filen hadde de samme saldoene som var lagret fra før.")
    return lines


def result_link(kind: str, year: int | None, period: int | None) -> tuple[str, str]:
    """(url, label) of the page that shows what the import wrote."""
    if year is None:
        return "", ""
    month = period
    if kind == "actuals":
        last = ActualsImport.objects.filter(budget_year__year=year).order_by("-pk").first()
        month = max(last.periods) if last and last.periods else None
    if month is None:
        months = [m for y, m in periods_with_data_all() if y == year]
        month = max(months) if months else None
    if month is None:
        return reverse("reports:status-latest"), "Statussiden"
    return reverse("reports:status", args=[year, month]), f"Status pr. {month:02d}.{year}"
