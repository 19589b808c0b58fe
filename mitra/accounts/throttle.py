"""Rate limits on the doors a stranger can knock on without an account: the login form, password
reset requests, the API's tokens, and the public links (answering an evaluation, a calendar feed).

They are built to stop the one guessing, not the staff room that shares its address (a school's
teachers are behind one NAT address):

- A key that is a secret (an API token, a link) is looked up first: a valid one always passes. Only
  the failures (an unknown token, a link that does not exist) are counted per client address and
  minute, and only they are refused with a 429 once the address has had too many.
- Logins: django-axes locks an account for the address its failures came from (settings:
  AXES_LOCKOUT_PARAMETERS), so a stranger's guesses never lock the teacher out, and one teacher's typos
  do not lock the others. Failures are also counted per address (a guess at many accounts); while the
  address is over its limit, only a browser on which that account has logged in before
  (a signed cookie) may still try.
- Password reset requests are counted per address and per account, whatever the answer.

The counts live in the database, shared by every application server."""

import hashlib
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
HOUR = 3600
KEEP_SECONDS = 24 * 3600


def client_address(request) -> str:
    """The client's address; behind our reverse proxy, the one it appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:100]
    return request.META.get("REMOTE_ADDR", "")[:100]


# The clock the windows follow (whole minutes and hours of it); a test pins it, so that its few requests
# never straddle the turn of a minute on a slow machine.
clock = time.time


def _window(length: int, now: float | None = None) -> int:
    now = int(now if now is not None else clock())
    return now - now % length


def hits(key: str, *, window: int = WINDOW_SECONDS) -> int:
    """How many times `key` was counted in the current window of `window` seconds."""
    found = Throttle.objects.filter(key=key[:200], window_start=_window(window)).values_list("count", flat=True)
    return found.first() or 0


def add(key: str, *, window: int = WINDOW_SECONDS) -> None:
    """Count one more for `key` in the current window (one row per key and window, in place)."""
    key, start = key[:200], _window(window)
    with transaction.atomic():
        if Throttle.objects.filter(key=key, window_start=start).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                Throttle.objects.create(key=key, window_start=start, count=1)
        except IntegrityError:  # another server opened this window first
            Throttle.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
            return
    # A new window was opened: the day-old ones are of no use any more.
    Throttle.objects.filter(window_start__lt=_window(WINDOW_SECONDS) - KEEP_SECONDS).delete()


def secret_part(value: str) -> str:
    """A key part that keeps no personal data readable in the table (an e-mail address)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def _key(scope: str, request) -> str:
    return f"{scope}:{client_address(request)}"


def is_over(scope: str, request, *, limit: int) -> bool:
    return hits(_key(scope, request)) >= limit


def count_failure(scope: str, request) -> None:
    add(_key(scope, request))


def refuse_failure(scope: str, request, *, limit: int) -> bool:
    """A failure happened: True when the address already had `limit` this minute (refuse it);
    otherwise it is counted and False."""
    if is_over(scope, request, limit=limit):
        return True
    count_failure(scope, request)
    return False


def too_many(request, message: str | None = None, *, retry_after: int = WINDOW_SECONDS):
    response = render(
        request,
        "429.html",
        {"message": message or _("Too many attempts from your address. Wait a minute, then try again.")},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit_failures(scope: str, *, limit_setting: str, failed):
    """A view decorator for doors whose key is a secret in the URL: the view answers first, so a
    known link always works. A failure (`failed(request, response)`, or a 404 raised) is counted
    against the address; once the address has `limit` in the current minute, a failure is answered
    with 429 instead."""

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            limit = getattr(settings, limit_setting)
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                if refuse_failure(scope, request, limit=limit):
                    return too_many(request)
                raise
            if failed(request, response) and refuse_failure(scope, request, limit=limit):
                return too_many(request)
            return response

        return limited

    return decorate


def unknown_link(request, response) -> bool:
    """A public link that does not exist: the answer a guesser gets."""
    return response.status_code == 404


def invalid_reset_link(request, response) -> bool:
    """A password reset or invitation link whose token is wrong or used: Django says so in the page."""
    return not (getattr(response, "context_data", None) or {}).get("validlink", True)


# --- Logins -----------------------------------------------------------------------------------------

KNOWN_COOKIE = "mitra_known"
KNOWN_SALT = "mitra.accounts.known-browser"
KNOWN_SECONDS = 180 * 24 * 3600
KNOWN_MAX = 20


def _known_ids(request) -> list[str]:
    value = request.get_signed_cookie(KNOWN_COOKIE, default="", salt=KNOWN_SALT, max_age=KNOWN_SECONDS)
    return [part for part in value.split(",") if part.isdigit()]


def known_here(request, typed: str) -> bool:
    """Has the account named by `typed` logged in on this browser before?"""
    from mitra.accounts.backends import find_login_user

    ids = _known_ids(request)
    if not ids:
        return False
    user = find_login_user(typed)
    return user is not None and str(user.pk) in ids


def remember_here(request, response, user) -> None:
    ids = [i for i in _known_ids(request) if i != str(user.pk)] + [str(user.pk)]
    response.set_signed_cookie(
        KNOWN_COOKIE,
        ",".join(ids[-KNOWN_MAX:]),
        salt=KNOWN_SALT,
        max_age=KNOWN_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def limit_logins(view):
    """The login view: failed logins are counted per address; while an address is over its limit
    in the current minute, only an account that has logged in on this browser before may try (the
    teacher at their usual desk), everyone else gets a 429 without their password being checked.
    django-axes still locks an account for the address its failures came from."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        typed = request.POST.get("username", "")
        if is_over("login", request, limit=settings.LOGIN_FAILURES_PER_MINUTE) and not known_here(request, typed):
            return too_many(request)
        response = view(request, *args, **kwargs)
        if response.status_code == 302 and request.user.is_authenticated:
            remember_here(request, response, request.user)
        else:
            count_failure("login", request)
        return response

    return limited


# --- Password reset requests ----------------------------------------------------------------------


def reset_request_allowed(request, email: str) -> bool:
    """Counts one password reset request for its address and for the e-mail address asked about,
    and says whether a message may go out. Every request is counted, whether an account has the
    address or not, so the answer reveals nothing. The account's limit is kept per address, so a
    stranger asking for someone's reset does not stop that person's own request from their school;
    the account's requests from all addresses together stop at three times that (no mail flood)."""
    address = client_address(request)
    account = secret_part(email.strip().lower())
    keys = {
        f"reset:{address}": settings.RESET_REQUESTS_PER_ADDRESS,
        f"reset-account:{account}:{secret_part(address)}": settings.RESET_REQUESTS_PER_ACCOUNT,
        f"reset-account:{account}": 3 * settings.RESET_REQUESTS_PER_ACCOUNT,
    }
    allowed = all(hits(key, window=HOUR) < limit for key, limit in keys.items())
    for key in keys:
        add(key, window=HOUR)
    return allowed
