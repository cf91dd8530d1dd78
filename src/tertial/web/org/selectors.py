from pathlib import Path

from django.conf import settings

from tertial.core import org as core
from tertial.core.document import SignConvention, Theme
from tertial.core.errors import DomainError

from .models import Municipality, Sector, Unit


def municipality_get() -> Municipality | None:
    return Municipality.objects.first()


def theme_get(m: Municipality | None = None) -> Theme:
    """The graphic profile for the documents as a core value; the Word template from the setting
    TERTIAL_WORD_TEMPLATE (a .dotx/.docx path) when it is set and readable."""
    m = m if m is not None else municipality_get()
    template = b""
    path = getattr(settings, "TERTIAL_WORD_TEMPLATE", "")
    if path:
        try:
            template = Path(path).read_bytes()
        except OSError as exc:
            raise DomainError(f"Word-malen {path} (TERTIAL_WORD_TEMPLATE) kan ikke leses: {exc.strerror}") from exc
    if m is None:
        return Theme(word_template=template)
    return Theme(
        colour=m.theme_colour,
        logo=bytes(m.theme_logo or b""),
        logo_type=m.theme_logo_type,
        font=bytes(m.theme_font or b""),
        font_name=m.theme_font_name,
        word_template=template,
    )


def report_signs_get(m: Municipality | None = None) -> SignConvention:
    """How the § 5-4 and § 5-5 overviews print their figures (the municipality's choice)."""
    m = m if m is not None else municipality_get()
    return SignConvention.EXPENDITURE if m is not None and m.report_signs == "utgift" else SignConvention.RESULT


def organisation_get(year: int) -> core.Organisation:
    sectors = [
        core.Sector(code=s.code, name=s.name, order=s.sort_order) for s in Sector.objects.filter(budget_year__year=year)
    ]
    units = [
        core.Unit(code=u.code, name=u.name, sector_code=u.sector.code, order=u.sort_order)
        for u in Unit.objects.filter(budget_year__year=year).select_related("sector")
    ]
    return core.organisation_build(year, sectors, units)


def unit_ids(year: int) -> dict[str, int]:
    return dict(Unit.objects.filter(budget_year__year=year).values_list("code", "id"))


class OrganisationMissing(DomainError):
    """An import for a year whose organisation is not imported yet. The message names the command
    line's remedy; the upload page says what to do in the browser instead (`year` is kept for it)."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"Organisasjonen for {year} er ikke importert ennå (tertial import org FIL --year {year})")


def known_units(year: int) -> set[str]:
    """The ansvar codes of the year's organisation, for an import; an error when it is not imported yet."""
    units = set(unit_ids(year))
    if not units:
        raise OrganisationMissing(year)
    return units
