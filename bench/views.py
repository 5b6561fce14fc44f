"""The bare Django view the portal's pages are compared with: same stack, no template, no query."""

from django.http import HttpResponse

BARE_PATH = "/bench/bare/"


def bare(request):
    return HttpResponse(b"<!DOCTYPE html><title>bare</title><p>ok</p>", content_type="text/html; charset=utf-8")
