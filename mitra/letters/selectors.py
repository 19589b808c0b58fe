"""Reading letters for pages and the API: one way in, through the school access."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from mitra.agreements.models import Party
from mitra.agreements.status import SIGNED_STAGES
from mitra.letters.models import Letter, LetterType


def letters_of(*, access) -> QuerySet[Letter]:
    return Letter.objects.for_school(access.school).select_related("letter_type", "partner", "school")


def letter_list(*, access, q: str = "", direction: str = "", letter_type=None, year=None, partner=None):
    letters = letters_of(access=access)
    if q:
        letters = letters.filter(
            Q(number__icontains=q) | Q(subject__icontains=q) | Q(correspondent__icontains=q) | Q(summary__icontains=q)
        )
    if direction:
        letters = letters.filter(direction=direction)
    if letter_type is not None:
        letters = letters.filter(letter_type=letter_type)
    if year:
        letters = letters.filter(dated__year=year)
    if partner is not None:
        letters = letters.filter(partner=partner)
    return letters


def letter_get(*, access, letter_id: int) -> Letter:
    letter = letters_of(access=access).select_related("agreement", "programme").filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return letter


def types_of(*, access, active_only: bool = False) -> QuerySet[LetterType]:
    types = LetterType.objects.for_school(access.school)
    return types.filter(is_active=True) if active_only else types


def letter_timeline_entries(*, access, partner):
    """Letters sent to or received from a partner, for the partner's timeline."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mitra.partners.timeline import Entry

    can_open = access.can("letters.view")
    entries = []
    for letter in Letter.objects.for_school(access.school).filter(partner=partner).exclude(stage=Letter.Stage.DRAFT):
        url = reverse("letters:detail", args=[access.school.pk, letter.pk]) if can_open else ""
        kind = _("Letter sent") if letter.is_outgoing else _("Letter received")
        entries.append(Entry(letter.dated, kind, letter.subject, url, letter.number))
    return entries


@dataclass(frozen=True)
class SigningRecord:
    name: str  # as the person signs, with their titles: "H. Ahmad Fauzi, S.Pd.I, M.Pd"
    id: str  # NIP / NIY


def _bare_name(text: str) -> list[str]:
    """A signed name without its titles, as words: "H. Ahmad Fauzi, S.Pd.I, M.Pd" -> ["ahmad", "fauzi"]
    (the degrees after the first comma and every word written with a dot: H., Dra., S.Pd)."""
    head = text.split(",")[0]
    return [word.casefold() for word in head.split() if "." not in word]


def signing_record(*, school, user) -> SigningRecord | None:
    """How a member of the school signs, as the school's own documents record it: the name and NIP/NIY
    of the latest issued letter or signed agreement (the school's side) signed in the person's name, with
    or without titles. Mitra keeps no NIP on the person: it is typed where a document is signed."""
    wanted = _bare_name(user.get_full_name()) if user else []
    # One word is too little to tell two people apart ("Ali" and "Moh. Ali"): no NIP is better than
    # somebody else's.
    if len(wanted) < 2:
        return None
    letters = Letter.objects.for_school(school).filter(direction=Letter.Direction.OUT, stage=Letter.Stage.ISSUED)
    parties = Party.objects.for_school(school).filter(partner__isnull=True, agreement__stage__in=SIGNED_STAGES)
    for word in wanted:
        letters = letters.filter(signatory_name__icontains=word)
        parties = parties.filter(signatory_name__icontains=word)
    found = [
        *letters.exclude(signatory_id="").values_list("dated", "signatory_name", "signatory_id"),
        *parties.exclude(signatory_id="").values_list("agreement__signed_on", "signatory_name", "signatory_id"),
    ]
    found = [row for row in found if _bare_name(row[1]) == wanted]
    if not found:
        return None
    _day, name, number = max(found, key=lambda row: row[0] or datetime.date.min)
    return SigningRecord(name=name.strip(), id=number.strip())


def letter_counts(*, school, start, end, partner=None) -> dict:
    """{"out": letters issued, "came": letters received} dated within the period."""
    letters = Letter.objects.for_school(school).filter(dated__gte=start, dated__lte=end)
    if partner is not None:
        letters = letters.filter(partner=partner)
    return letters.aggregate(
        out=Count("id", filter=Q(direction=Letter.Direction.OUT, stage=Letter.Stage.ISSUED)),
        came=Count("id", filter=Q(direction=Letter.Direction.IN)),
    )
