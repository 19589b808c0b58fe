"""Authentication events go to the security log (who, when, from where); never the password."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

security_log = logging.getLogger("mitra.security")


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security_log.info("login user=%s from=%s", user.pk, _address(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    security_log.info("logout user=%s from=%s", getattr(user, "pk", "-"), _address(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the typed name, never the password (Django already masks it in `credentials`).
    security_log.warning(
        "login failed name=%r from=%s", (credentials or {}).get("username", "")[:150], _address(request)
    )
