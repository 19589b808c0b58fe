"""Sign in with a username or an e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def find_login_user(identifier: str):
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    field = "email__iexact" if "@" in identifier else "username__iexact"
    return User._default_manager.filter(**{field: identifier}).first()


def lockout_name(user) -> str:
    """The name django-axes keeps an account's failures under."""
    return user.username.lower()


def lockout_key(request, credentials) -> str:
    """django-axes counts failures per account, whichever of its names was typed."""
    typed = (credentials or {}).get("username", "") or ""
    user = find_login_user(typed)
    return lockout_name(user) if user else typed.strip().lower()


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_login_user(username)
        if user is None:
            # Spend the time of a real check so that timing does not reveal which names exist.
            get_user_model()().set_password(password or "")
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
