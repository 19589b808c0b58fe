"""Building instruments and freezing them into versions. A round always answers a version; the
instrument itself stays editable, and an edit shows up only in rounds opened after it."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mitra.evaluation import defaults, kinds
from mitra.evaluation.models import FoundationInstrument, Instrument, InstrumentVersion, Item, Section
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.schools.locks import one_at_a_time

MAX_OPTIONS = 12


def new_key() -> str:
    return secrets.token_hex(4)


def clean_options(kind: str, options) -> list[str]:
    """The choices of a choice question, one per line; other kinds have none."""
    if kind not in kinds.registry():
        raise ValidationError({"kind": _("Choose one of the kinds of answer shown.")})
    if kind not in kinds.keys(has_options=True):
        return []
    if isinstance(options, str):
        options = options.splitlines()
    seen, cleaned = set(), []
    for option in options or ():
        text = " ".join(str(option).split())[:120]
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(text)
    if len(cleaned) < 2:
        raise ValidationError({"options": _("Write at least two choices, one per line.")})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": _("Write at most %(n)d choices.") % {"n": MAX_OPTIONS}})
    return cleaned


def _changed(instrument: Instrument, user, part: str, before: str, after: str) -> None:
    """Its sections and questions are recorded as changes of the instrument itself."""
    record(
        user=user,
        obj=instrument,
        action=Change.Action.UPDATE,
        before=snapshot(instrument),
        extra={part: [before, after]},
    )


def _next_position(rows) -> int:
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def instrument_create(*, school, user, title: str, purpose: str, description: str = "", sections=()) -> Instrument:
    """`sections` is [(title, [item dict])], as in the seeded defaults and a foundation's instrument."""
    instrument = Instrument.objects.for_school(school).create(
        title=title, purpose=purpose, description=description, created_by=user
    )
    for position, (section_title, items) in enumerate(sections, start=1):
        section = Section.objects.for_school(school).create(
            instrument=instrument, title=section_title, position=position
        )
        for item_position, item in enumerate(items, start=1):
            kind = item.get("kind", "rating")
            Item.objects.for_school(school).create(
                instrument=instrument,
                section=section,
                key=item.get("key") or new_key(),
                kind=kind,
                text=item["text"],
                help=item.get("help", ""),
                required=item.get("required", True),
                options=clean_options(kind, item.get("options")),
                position=item_position,
            )
    record(user=user, obj=instrument, action=Change.Action.CREATE)
    return instrument


@transaction.atomic
def instrument_update(*, instrument: Instrument, user, data: dict) -> Instrument:
    before = snapshot(instrument)
    for field in ("title", "purpose", "description"):
        if field in data:
            setattr(instrument, field, data[field])
    instrument.save()
    record(user=user, obj=instrument, action=Change.Action.UPDATE, before=before)
    return instrument


def ensure_defaults(school, user=None) -> None:
    """The two instruments MODEL.md describes, for a school that has none yet."""
    if Instrument.objects.for_school(school).exists():
        return
    with one_at_a_time(school):
        if Instrument.objects.for_school(school).exists():
            return  # someone else made them while this one waited
        for spec in defaults.instruments():
            instrument_create(school=school, user=user, **spec)


@transaction.atomic
def section_save(*, instrument: Instrument, user, title: str, section: Section | None = None) -> Section:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    if section is None:
        section = Section.objects.for_school(instrument.school).create(
            instrument=instrument,
            title=title,
            position=_next_position(instrument.sections.all()),
        )
    else:
        section.title = title
        section.save(update_fields=["title"])
    _changed(instrument, user, "sections", "", title)
    return section


@transaction.atomic
def section_delete(*, section: Section, user) -> None:
    instrument = section.instrument
    if instrument.sections.count() == 1:
        raise ValidationError(_("An instrument keeps at least one section."))
    _changed(instrument, user, "sections", section.title, "")
    section.delete()


@transaction.atomic
def item_save(*, instrument: Instrument, user, data: dict, item: Item | None = None) -> Item:
    section = data["section"]
    if section.instrument_id != instrument.pk:
        raise ValidationError({"section": _("Choose a section of this instrument.")})
    kind = data["kind"]
    options = clean_options(kind, data.get("options"))
    before = item.text if item else ""
    if item is None:
        item = Item(
            school=instrument.school,
            instrument=instrument,
            key=new_key(),
            position=_next_position(instrument.items.filter(section=section)),
        )
    elif item.section_id != section.pk:
        item.position = _next_position(instrument.items.filter(section=section))
    item.section, item.kind, item.options = section, kind, options
    item.text, item.help, item.required = data["text"].strip(), data.get("help", "").strip(), data["required"]
    item.save()
    _changed(instrument, user, "items", before, item.text)
    return item


@transaction.atomic
def item_delete(*, item: Item, user) -> None:
    instrument = item.instrument
    if instrument.items.count() == 1:
        raise ValidationError(_("An instrument keeps at least one question."))
    _changed(instrument, user, "items", item.text, "")
    item.delete()


@transaction.atomic
def item_move(*, item: Item, user, direction: str) -> None:
    """Swap a question with its neighbour in the same section."""
    siblings = list(item.instrument.items.filter(section=item.section).order_by("position", "id"))
    for position, sibling in enumerate(siblings):
        sibling.position = position
    index = [sibling.pk for sibling in siblings].index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index].position, siblings[other].position = siblings[other].position, siblings[index].position
    Item.all_schools.bulk_update(siblings, ["position"])


def definition_of(instrument: Instrument) -> dict:
    """The instrument as it is now. Sections and items come in their Meta order, so a list that
    prefetched them reads no more."""
    items_by_section = {}
    for item in instrument.items.all():
        items_by_section.setdefault(item.section_id, []).append(
            {
                "key": item.key,
                "kind": item.kind,
                "text": item.text,
                "help": item.help,
                "required": item.required,
                "options": list(item.options),
            }
        )
    return {
        "title": instrument.title,
        "description": instrument.description,
        "sections": [
            {"title": section.title, "items": items_by_section.get(section.pk, [])}
            for section in instrument.sections.all()
            if items_by_section.get(section.pk)
        ],
    }


@transaction.atomic
def current_version(instrument: Instrument) -> InstrumentVersion:
    """The version that matches the instrument as it is now: the latest one, or a new one when the
    instrument was changed since. Earlier versions are never touched."""
    Instrument.all_schools.select_for_update().filter(pk=instrument.pk).first()
    definition = definition_of(instrument)
    if not definition["sections"]:
        raise ValidationError(_("The instrument has no questions yet."))
    latest = instrument.versions.order_by("-number").first()
    if latest and latest.definition == definition:
        return latest
    return InstrumentVersion.objects.for_school(instrument.school).create(
        instrument=instrument,
        number=(latest.number + 1) if latest else 1,
        definition=definition,
    )


def has_changes_since_last_version(instrument: Instrument) -> bool:
    latest = instrument.versions.order_by("-number").first()
    return latest is not None and latest.definition != definition_of(instrument)


# --- Shared by the foundation ---------------------------------------------------------------------


@transaction.atomic
def foundation_publish(*, foundation, instrument: Instrument, title: str = "") -> FoundationInstrument:
    """Share one of its schools' instruments with every school of the foundation, as it is now.
    The question keys are kept, so that the schools' answers can be compared side by side."""
    if instrument.school.foundation_id != foundation.pk:
        raise ValidationError({"instrument": _("Choose an instrument of one of the foundation's schools.")})
    definition = definition_of(instrument)
    if not definition["sections"]:
        raise ValidationError({"instrument": _("The instrument has no questions yet.")})
    return FoundationInstrument.objects.create(
        foundation=foundation,
        title=(title or instrument.title).strip(),
        purpose=instrument.purpose,
        definition=definition,
        is_published=True,
    )


@transaction.atomic
def foundation_copy(*, school, user, source) -> Instrument:
    """A school takes a published foundation instrument into its own list, to use or adapt."""
    if source.foundation_id != school.foundation_id or not source.is_published:
        raise ValidationError(_("This instrument is not shared with your school."))
    definition = source.definition
    instrument = instrument_create(
        school=school,
        user=user,
        title=source.title,
        purpose=source.purpose,
        description=definition.get("description", ""),
        sections=[(s["title"], s["items"]) for s in definition["sections"]],
    )
    instrument.source = source
    instrument.save(update_fields=["source"])
    return instrument
