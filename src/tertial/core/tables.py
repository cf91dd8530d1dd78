"""Ordering the status table for the dashboard without breaking its structure: units are sorted
within their sector, each sector's subtotal stays after its units, the total stays last."""

from collections.abc import Callable
from decimal import Decimal

from .status import RowKind, StatusRow, StatusTable

SORT_KEYS: dict[str, Callable[[StatusRow], object]] = {
    "ansvar": lambda r: r.code,
    "regnskap": lambda r: r.actual,
    "budsjett": lambda r: r.budget,
    "forbruk": lambda r: r.usage_percent if r.usage_percent is not None else Decimal("-Infinity"),
    "prognose": lambda r: r.forecast,
    "avvik": lambda r: r.deviation,
}


def status_rows_sorted(table: StatusTable, key: str, *, descending: bool = False) -> tuple[StatusRow, ...]:
    """The table's rows with units ordered by `key` (one of SORT_KEYS) inside each sector.

    Unknown keys leave the document order. Ties keep the document order (sorted is stable).
    """
    if key not in SORT_KEYS:
        return table.rows
    out: list[StatusRow] = []
    group: list[StatusRow] = []
    for row in table.rows:
        if row.kind is RowKind.UNIT:
            group.append(row)
            continue
        out.extend(sorted(group, key=SORT_KEYS[key], reverse=descending))  # type: ignore[arg-type]
        group = []
        out.append(row)
    return tuple(out)
