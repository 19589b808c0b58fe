"""Personal API tokens: `Authorization: Bearer mitra_…`."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from mitra.accounts import throttle
from mitra.accounts.middleware import use_language_of
from mitra.accounts.models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="ignore") not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as “Authorization: Bearer <token>”."))
        token = ApiToken.find(parts[1].decode(errors="ignore"))
        if token is None:
            # A valid token always passes; only unknown ones are counted against the address, and
            # refused with 429 once it has had too many this minute.
            if throttle.refuse_failure("token", request._request, limit=settings.TOKEN_FAILURES_PER_MINUTE):
                refused = exceptions.Throttled(
                    detail=str(_("Too many attempts from your address. Wait a minute, then try again."))
                )
                refused.wait = throttle.WINDOW_SECONDS  # becomes Retry-After; DRF's own wording of it is English only
                raise refused
            raise exceptions.AuthenticationFailed(_("This token is unknown, revoked, or its account is inactive."))
        # The language middleware ran before the token was known: speak the token owner's language.
        use_language_of(request._request, token.user)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
