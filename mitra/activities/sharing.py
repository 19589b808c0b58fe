""" "Share on WhatsApp": links that open WhatsApp with a message already written, in the language of
the person sending it, addressed to the partner's contact when the school has their number.

wa.me is WhatsApp's documented click-to-chat address: https://wa.me/<number>?text=<message>, the
number in international form without "+"; without a number, the person picks the chat."""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext as _

from mitra.activities.models import Activity
from mitra.documents.dates import long_date


@dataclass(frozen=True)
class Share:
    kind: str  # invitation, reminder, thanks
    partner_id: int
    label: str
    to: str  # whom WhatsApp opens on, for the button's label
    url: str
    text: str


def wa_link(text: str, phone: str = "") -> str:
    number = phone.lstrip("+") if phone.startswith("+62") else ""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


def _when(activity: Activity, language: str) -> str:
    when = long_date(activity.start_date, language)
    if activity.start_time:
        when += _(" at %(time)s") % {"time": activity.start_time.strftime("%H.%M" if language == "id" else "%H:%M")}
    if activity.place:
        when += _(", at %(place)s") % {"place": activity.place}
    return when


def messages_for(activity: Activity, partner, contact_name: str, language: str) -> list[tuple[str, str, str]]:
    """(kind, button label, message) for what fits the activity's state."""
    with translation.override(language):
        greeting = (
            _("Assalamu'alaikum warahmatullahi wabarakatuh. Dear %(name)s,") % {"name": contact_name}
            if contact_name
            else _("Assalamu'alaikum warahmatullahi wabarakatuh.")
        )
        school = activity.school.name
        facts = {"title": activity.title, "partner": partner.name, "when": _when(activity, language), "school": school}
        if activity.status == Activity.Status.PLANNED:
            return [
                (
                    "invitation",
                    _("Invitation"),
                    f"{greeting}\n"
                    + _(
                        "We kindly invite %(partner)s to the activity “%(title)s” on %(when)s. "
                        "We look forward to your presence. Thank you.\n— %(school)s"
                    )
                    % facts,
                ),
                (
                    "reminder",
                    _("Reminder"),
                    f"{greeting}\n"
                    + _(
                        "A reminder of our activity “%(title)s” with %(partner)s on %(when)s. See you there.\n— %(school)s"
                    )
                    % facts,
                ),
            ]
        if activity.status == Activity.Status.DONE:
            return [
                (
                    "thanks",
                    _("Thank-you note"),
                    f"{greeting}\n"
                    + _(
                        "Thank you to %(partner)s for the activity “%(title)s” on %(when)s. "
                        "Jazakumullahu khairan for the cooperation.\n— %(school)s"
                    )
                    % facts,
                ),
            ]
        return []


def links_for(activity: Activity, language: str) -> list[Share]:
    shares = []
    for partner in activity.partners.all():
        contact = next(iter(partner.contacts.all()), None)
        phone = (contact.whatsapp or contact.phone) if contact else partner.phone
        for kind, label, text in messages_for(activity, partner, contact.name if contact else "", language):
            shares.append(
                Share(kind, partner.pk, label, contact.name if contact else partner.name, wa_link(text, phone), text)
            )
    return shares
