"""What the core tells the notifications app without importing it (schools/hooks.py)."""

from mitra.notifications.models import Event
from mitra.notifications.services import notify


def tell_about_place(sender, *, school, person, words, url="", **kwargs) -> None:
    """A person invited to a school, or whose role or access there changed, gets an ACCESS notice."""
    notify(school=school, users=[person], event=Event.ACCESS, message=words, url=url)
