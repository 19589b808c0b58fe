"""Per-request account rules: idle timeout, and the language a person chose."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Touch the session at most once a minute, so reading pages does not write on every request.
_TOUCH_EVERY = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if now - last >= _TOUCH_EVERY or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)


def language_for(request, user=None) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    user = user or getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in supported:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in supported:
        return cookie
    # Bahasa Indonesia first: the browser's Accept-Language is not consulted.
    return settings.LANGUAGE_CODE


def use_language_of(request, user=None) -> None:
    language = language_for(request, user)
    translation.activate(language)
    request.LANGUAGE_CODE = language


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_language_of(request)
        response = self.get_response(request)
        # The API authenticates a token after this middleware and may have switched the language.
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response
