from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "mitra.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from mitra.notifications.receivers import tell_about_place
        from mitra.schools import hooks

        hooks.place_changed.connect(tell_about_place, dispatch_uid="notifications.tell_about_place")
