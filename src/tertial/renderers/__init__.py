"""Renderers turn a core.document.Document into a file format. They format; they never compute.

`RENDERERS` is the one table of report formats: the CLI (`tertial report --format`) and the web
view (`?format=`) both look a format up here. Each renderer returns the file's bytes; the heavy
libraries (WeasyPrint, python-docx, openpyxl) are imported only when their format is asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass

from tertial.core.document import Document


@dataclass(frozen=True)
class Format:
    render: Callable[[Document], bytes]
    content_type: str
    suffix: str


def _html(doc: Document) -> bytes:
    from .html import render_html

    return render_html(doc).encode("utf-8")


def _pdf(doc: Document) -> bytes:
    from .pdf import render_pdf

    return render_pdf(doc)


def _docx(doc: Document) -> bytes:
    from .docx import render_docx

    return render_docx(doc)


def _xlsx(doc: Document) -> bytes:
    from .xlsx import render_xlsx

    return render_xlsx(doc)


RENDERERS: dict[str, Format] = {
    "html": Format(_html, "text/html; charset=utf-8", ".html"),
    "pdf": Format(_pdf, "application/pdf", ".pdf"),
    "docx": Format(_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": Format(_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
