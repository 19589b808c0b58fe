from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mitra.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from mitra.accounts import signals  # noqa: F401  (connects the security log)
