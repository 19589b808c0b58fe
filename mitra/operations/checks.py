"""Deployment checks of Mitra's own settings, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    problems = []
    if not settings.BASE_URL:
        problems.append(
            Warning(
                "MITRA_BASE_URL is not set: e-mails sent by the worker (reminders, digests) would have no links.",
                hint="Set it to the address people open Mitra at, e.g. https://mitra.example.org.",
                id="mitra.W001",
            )
        )
    if settings.FILES_ACCEL_PREFIX and not settings.BEHIND_PROXY:
        problems.append(
            Warning(
                "MITRA_FILES_ACCEL_PREFIX is set but MITRA_BEHIND_PROXY is not: without nginx in front, "
                "downloads would be empty.",
                id="mitra.W002",
            )
        )
    return problems
