"""Rate limits on the doors a stranger can knock on without an account: the login form, the API's
tokens, and the public links (answering an evaluation, a calendar feed). What is counted is failure —
a wrong password, an unknown token, a link that does not exist — per client address and minute, so a
staff room behind one NAT address that logs in correctly is never slowed down, while someone guessing
is stopped after a few tries. The counts live in the database, shared by every application server."""

import time
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from mitra.accounts.models import Throttle

WINDOW_SECONDS = 60
KEEP_SECONDS = 24 * 3600


def client_address(request) -> str:
    """The client's address; behind our reverse proxy, the one it appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:100]
    return request.META.get("REMOTE_ADDR", "")[:100]


def _key(scope: str, request) -> str:
    return f"{scope}:{client_address(request)}"[:200]


def _window(now: float | None = None) -> int:
    now = int(now if now is not None else time.time())
    return now - now % WINDOW_SECONDS


def is_over(scope: str, request, *, limit: int) -> bool:
    found = Throttle.objects.filter(key=_key(scope, request), window_start=_window()).values_list("count", flat=True)
    return (found.first() or 0) >= limit


def count_failure(scope: str, request) -> None:
    key, window = _key(scope, request), _window()
    with transaction.atomic():
        if Throttle.objects.filter(key=key, window_start=window).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                Throttle.objects.create(key=key, window_start=window, count=1)
        except IntegrityError:  # another server opened this window first
            Throttle.objects.filter(key=key, window_start=window).update(count=F("count") + 1)
            return
    # A new window was opened: the day-old ones are of no use any more.
    Throttle.objects.filter(window_start__lt=window - KEEP_SECONDS).delete()


def too_many(request):
    response = render(
        request,
        "429.html",
        {"message": _("Too many attempts from your address. Wait a minute, then try again.")},
        status=429,
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def limit_failures(scope: str, *, limit_setting: str, failed, methods=("GET", "HEAD", "POST")):
    """A view decorator: refuse with 429 while this address has `limit` failures in the current
    minute; count a response as a failure when `failed(request, response)` says so. Requests of
    other methods (the login page's GET) pass without touching the counters."""

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method not in methods:
                return view(request, *args, **kwargs)
            limit = getattr(settings, limit_setting)
            if is_over(scope, request, limit=limit):
                return too_many(request)
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                count_failure(scope, request)
                raise
            if failed(request, response):
                count_failure(scope, request)
            return response

        return limited

    return decorate


def unknown_link(request, response) -> bool:
    """A public link that does not exist: the answer a guesser gets."""
    return response.status_code == 404


def login_refused(request, response) -> bool:
    """A login that did not log anyone in (the form came back instead of a redirect)."""
    return response.status_code != 302
