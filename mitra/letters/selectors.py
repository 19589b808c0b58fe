"""Reading letters for pages and the API: one way in, through the school access."""

from django.db.models import Q, QuerySet
from django.http import Http404

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
