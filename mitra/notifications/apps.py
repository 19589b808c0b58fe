from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "mitra.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from mitra.notifications.receivers import tell_about_place
        from mitra.notifications.tasks import DIGEST_AT, send_digests
        from mitra.schools import hooks, schedules

        hooks.place_changed.connect(tell_about_place, dispatch_uid="notifications.tell_about_place")
        schedules.register("send_digests", send_digests, at=DIGEST_AT)
