"""Answering by link, without an account: a small page for a phone on a weak connection. The link
is the only key; it names its round, so nothing in the form can point the answers elsewhere. A
shared link takes a few answers an hour from one device (a signed cookie) and more from one address,
up to the maximum the school set."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mitra.accounts import throttle
from mitra.evaluation import responses
from mitra.schools import submissions
from mitra.schools.pages import apply_error

DEVICE_COOKIE = "mitra_device"
DEVICE_SALT = "mitra.evaluation.device"
DEVICE_SECONDS = 365 * 24 * 3600


def _device(request) -> tuple[str, bool]:
    """This browser's device id, and whether it is new (then the response sets the cookie)."""
    device = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT, max_age=DEVICE_SECONDS)
    if device:
        return device, False
    return secrets.token_urlsafe(16), True


def _refused(request, refused: responses.LinkRefused):
    response = render(request, "evaluation/public_refused.html", {"reason": refused.message}, status=refused.status)
    if refused.status == 429:
        response["Retry-After"] = str(throttle.HOUR)
    return response


@never_cache
@throttle.limit_failures("link", limit_setting="LINK_FAILURES_PER_MINUTE", failed=throttle.unknown_link)
def answer_by_link(request, token):
    try:
        link = responses.link_for(token)
    except responses.LinkRefused as refused:
        return _refused(request, refused)
    device, new_device = _device(request)
    response = _answer(request, token, link, device)
    if new_device:
        response.set_signed_cookie(
            DEVICE_COOKIE,
            device,
            salt=DEVICE_SALT,
            max_age=DEVICE_SECONDS,
            path="/e/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _answer(request, token, link, device):
    round_ = link.round
    form = responses.answer_form(round_, request.POST or None)
    context = {"round": round_, "link": link, "school": round_.school, "form": form, "signed_in": False}
    if request.method == "POST" and form.is_valid():
        try:
            responses.response_save(
                round_=round_,
                form=form,
                group=link.group,
                submission=submissions.token_of(request),
                link=link,
                admit=responses.device_limits(link, device=device, address=throttle.client_address(request)),
            )
        except responses.LinkRefused as refused:
            return _refused(request, refused)
        except ValidationError as error:
            apply_error(form, error)
        else:
            return render(request, "evaluation/public_thanks.html", {**context, "token": token})
    context["submission"] = submissions.token_of(request) or submissions.new_token()
    return render(request, "evaluation/public_answer.html", context, status=400 if form.errors else 200)
