"""`{% synthetic_notice end_date %}` (or `{% synthetic_notice year month %}`): a visible note on the
pages of a period whose figures the municipality marks as made up (Municipality.synthetic_periods,
set by the demo from its kommune.json). Nothing for any other period."""

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tertial.core.errors import PeriodError
from tertial.core.periods import period_listed, periods_parse
from tertial.web.org.models import Municipality

register = template.Library()


@register.simple_tag
def synthetic_notice(when: date | int | None, month: int | None = None) -> SafeString | str:
    if isinstance(when, date):
        year, month = when.year, when.month
    elif when is None or month is None:
        return ""
    else:
        year = int(when)
    marked = Municipality.objects.values_list("synthetic_periods", flat=True).first() or ""
    try:
        if not period_listed(periods_parse(marked), year, int(month)):
            return ""
    except PeriodError:
        return ""
    return format_html(
        '<p class="ds-alert synthetic-notice" data-color="warning" role="note"><strong>{}</strong> {}</p>',
        _("SYNTETISKE TALL."),
        _("Perioden inneholder tall som er laget til demonstrasjon; de er ikke kommunens regnskap."),
    )
