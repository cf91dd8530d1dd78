"""Imports of this app for `tertial import KIND` (merged into tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

IMPORTERS: dict[str, Callable] = {}

# Demo files of this app, loaded by `tertial demo` after the base data: (kind, file in
# src/tertial/demo/levanger/, period or None). Year is the demo year.
DEMO_FILES: list[tuple[str, str, int | None]] = []
