"""Context processor for the page footer: «Tertial 0.1.0 · <the municipality's name>» (the municipality where
the view names it)."""

from django.http import HttpRequest

from tertial import __version__


def tertial_version(request: HttpRequest) -> dict[str, str]:
    return {"tertial_version": __version__}
