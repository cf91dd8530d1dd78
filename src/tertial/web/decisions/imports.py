"""Imports of this app for `tertial import KIND` (collected in tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.web.import_request import ImportRequest

from .services import decisions_import_text_file, decisions_sheet_import


def _decisions_text(r: ImportRequest) -> str:
    return decisions_import_text_file(path=r.path, actor=r.actor)


def _decisions_sheet(r: ImportRequest) -> str:
    """The round-trip spreadsheet (CSV/XLSX from the export): also from the browser's import page."""
    return decisions_sheet_import(path=r.path, actor=r.actor)


IMPORTERS: dict[str, Callable[[ImportRequest], str]] = {
    "decisions-text": _decisions_text,
    "decisions-sheet": _decisions_sheet,
}
