"""One form, one save: a hidden token lets a create form posted twice (a double tap, a resent
request on a flaky connection) be recognised and not saved again."""

import uuid

FIELD = "submission"
_KEY = "used_submissions"
_KEEP = 100


def new_token() -> str:
    return uuid.uuid4().hex


def token_of(request) -> str:
    return (request.POST.get(FIELD) or "")[:32]


def already_saved(request) -> bool:
    token = token_of(request)
    return bool(token) and token in request.session.get(_KEY, [])


def mark_saved(request) -> None:
    token = token_of(request)
    if token:
        used = request.session.get(_KEY, [])
        request.session[_KEY] = (used + [token])[-_KEEP:]
