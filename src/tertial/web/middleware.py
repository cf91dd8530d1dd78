"""Bokmål first: the interface is Norwegian unless the user chose English with the language switch
(cookie). The browser's Accept-Language is ignored: municipal staff often run English-language
browsers and still expect the municipality's own language."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NorwegianFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
