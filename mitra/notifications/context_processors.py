from django.utils.functional import SimpleLazyObject

from mitra.notifications.services import unread_count


def unread(request):
    """The header's count of unread notifications, asked only when a page shows it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
