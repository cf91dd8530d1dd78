"""The statistical year-end forecast (issue 9) as a terminal table (tall i 1000 kr), CSV and JSON
(exact kroner, machine-readable), and the backtest's error table. Reads core types only."""

import csv
import io
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Protocol

from tertial.core import combined
from tertial.core import projection as core
from tertial.core.money import round_half_up, to_kroner
from tertial.core.text import clipped

from . import numbers as nb
from .cells import neutralise

HEADERS = ("ansvar", "navn", "metode", "hittil", "statistisk", "lav_80", "hoy_80", "prognose", "flagg", "begrunnelse")


class Overview(Protocol):
    """What web.forecasting.ForecastOverview offers (core values only)."""

    projection: core.Projection
    forecasts: dict[str, int]
    budget: dict[str, int]
    names: dict[str, str]
    flags: tuple[core.Flag, ...]
    history_years: tuple[int, ...]


def reason_text(flag: core.Flag) -> str:
    return "".join(nb.run_text(r) for r in flag.reason)


def _k(ore: int | None) -> Decimal | None:
    return None if ore is None else to_kroner(ore)


def _records(ov: Overview) -> list[dict[str, object]]:
    flags = {f.unit: f for f in ov.flags}
    out = []
    for u in ov.projection.units:
        f = flags.get(u.unit)
        out.append(
            {
                "ansvar": u.unit,
                "navn": ov.names.get(u.unit, ""),
                "metode": u.method,
                "hittil": _k(u.ytd),
                "statistisk": _k(u.point),
                "lav_80": _k(u.low),
                "hoy_80": _k(u.high),
                "prognose": _k(ov.forecasts.get(u.unit)),
                "flagg": f is not None,
                "begrunnelse": reason_text(f) if f else "",
            }
        )
    return out


def _years(ov: Overview) -> str:
    ys = ov.history_years
    return f"{ys[0]}–{ys[-1]}" if ys else "ingen"


def forecast_text(ov: Overview) -> str:
    p = ov.projection
    lines = [
        f"Statistisk årsprognose {p.period} (historikk {_years(ov)}), tall i 1000 kr",
        f"{'Ansvar':<7}{'Navn':<36}{'Hittil':>10}{'Statistisk':>12}{'80 % lav':>10}{'80 % høy':>10}"
        f"{'Prognose':>10}  Metode",
    ]
    flags = {f.unit for f in ov.flags}

    def t(v: int | None) -> str:
        return "–" if v is None else nb.thousands(v)

    for u in p.units:
        mark = "  ⚠" if u.unit in flags else ""
        fc = ov.forecasts.get(u.unit)
        lines.append(
            f"{u.unit:<7}{clipped(ov.names.get(u.unit, ''), 35, '…'):<36}{t(u.ytd):>10}{t(u.point):>12}{t(u.low):>10}"
            f"{t(u.high):>10}{t(fc):>10}  {u.method}{mark}"
        )
    lines.append(
        f"{'':<7}{'Totalt':<36}{t(sum(u.ytd for u in p.units)):>10}{t(p.point):>12}{t(p.low):>10}{t(p.high):>10}"
        f"{t(sum(ov.forecasts.get(u.unit, ov.budget.get(u.unit, 0)) for u in p.units)):>10}"
    )
    lines.append("")
    if ov.flags:
        lines.append(
            f"Varsler ({len(ov.flags)}): prognosen ligger utenfor 95 %-intervallet "
            "og avviker vesentlig fra fremskrivingen"
        )
        for f in ov.flags:
            lines.append(
                f"  {f.unit} {f.name}: statistisk {nb.millions(f.point)} mot prognose {nb.millions(f.forecast)} "
                f"(forskjell {nb.millions(f.disagreement)}). {reason_text(f)}"
            )
    else:
        lines.append("Ingen varsler: ingen prognose avviker vesentlig og utenfor 95 %-intervallet.")
    return "\n".join(lines) + "\n"


def forecast_csv(ov: Overview) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADERS, delimiter=";", lineterminator="\n")
    w.writeheader()
    for r in _records(ov):
        w.writerow(
            {
                k: ("" if v is None else str(v).replace(".", ",") if isinstance(v, Decimal) else neutralise(v))
                for k, v in r.items()
            }
        )
    return buf.getvalue()


def _json_default(o: object) -> object:
    if isinstance(o, Decimal):
        return str(o)
    raise TypeError(type(o))


def forecast_json(ov: Overview) -> str:
    p = ov.projection
    doc = {
        "periode": p.period.key,
        "historikk": list(ov.history_years),
        "enheter": _records(ov),
        "totalt": {"statistisk": _k(p.point), "lav_80": _k(p.low), "hoy_80": _k(p.high)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_json_default) + "\n"


FORMATS: Mapping[str, Callable[[Overview], str]] = {"table": forecast_text, "csv": forecast_csv, "json": forecast_json}


def backtest_text(bt: combined.CombinedBacktest) -> str:
    """MAE (mill. kr) and MAPE (%) per month and method; coverage of the 80 % and 95 % intervals; the verdict."""
    methods = [m for m in combined.BACKTEST_METHODS if any(r.method == m for r in bt.rows)]
    years = f"{bt.years[0]}–{bt.years[-1]}" if bt.years else ""
    lines = [f"Tilbaketest {years}: gjennomsnittlig absolutt feil (MAE, mill. kr) / MAPE (%) per måned", ""]
    head = (
        f"{'Måned':<7}"
        + "".join(f"{combined.BACKTEST_NAMES[m][:26]:>28}" for m in methods)
        + f"{'Dekning 80 %':>14}{'Dekning 95 %':>14}"
    )
    lines.append(head)
    for month in range(1, 13):
        cells = []
        for m in methods:
            r = bt.row(m, month)
            cells.append(f"{'' if r is None else nb.millions(r.mae, 2) + ' / ' + nb.percent(r.mape):>28}")
        c = bt.row(combined.METHOD_COMBINED, month)
        covs = [
            nb.percent(round_half_up(v, 0), 0) if v is not None else "–"
            for v in ((c.coverage80, c.coverage95) if c else (None, None))
        ]
        lines.append(f"{month:<7}" + "".join(cells) + f"{covs[0]:>14}{covs[1]:>14}")
    lines += ["", bt.verdict]
    return "\n".join(lines) + "\n"
