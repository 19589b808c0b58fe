"""Writing letters, their types and the numbering scheme. Each change is one transaction and leaves a
history record on the letter; a number is given only when a letter is issued, from the yearly counter
(numbering.take_next), in the same transaction that writes it on the letter."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mitra.files import pipeline
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.letters import defaults, numbering, placeholders
from mitra.letters.models import Letter, LetterAttachment, LetterType, NumberingScheme
from mitra.planning import services as planning
from mitra.schools.locks import one_at_a_time
from mitra.schools.models import School
from mitra.schools.roles import Role
from mitra.schools.selectors import first_member

MADRASAH_LEVELS = {School.Level.RA, School.Level.MI, School.Level.MTS, School.Level.MA}

LETTER_FIELDS = (
    "subject",
    "nature",
    "enclosures",
    "partner",
    "correspondent",
    "correspondent_address",
    "body",
    "place",
    "with_hijri_date",
    "language",
    "signatory_name",
    "signatory_position",
    "signatory_id",
    "copies_to",
    "summary",
    "disposition",
    "agreement",
    "programme",
    "dated",
    "received_on",
    "number",
)

# What an author may write into a draft as it is made; the rest is set by letter_draft's own arguments
# (type, date, partner, agreement, programme, language) or later, on issue (the number).
DRAFT_WRITTEN = (
    "subject",
    "nature",
    "enclosures",
    "correspondent_address",
    "body",
    "place",
    "with_hijri_date",
    "signatory_name",
    "signatory_position",
    "signatory_id",
    "copies_to",
)

# --- Setting up: the scheme and the types ------------------------------------------------------


def default_scheme(school) -> tuple[str, str]:
    """A madrasah starts from the Kemenag pattern and its NSM; any other school from the generic
    pattern and its NPSN. Both are only a start: the school's own code is edited on the page."""
    if school.level in MADRASAH_LEVELS:
        return numbering.KEMENAG_PATTERN, school.nsm
    return numbering.GENERIC_PATTERN, school.npsn


def ensure_setup(school) -> NumberingScheme:
    """Give a school its numbering scheme and Mitra's letter types, once."""
    scheme = NumberingScheme.objects.for_school(school).first()
    if scheme and LetterType.objects.for_school(school).exists():
        return scheme  # the everyday case: no lock
    with one_at_a_time(school):
        if not LetterType.objects.for_school(school).exists():
            LetterType.objects.bulk_create(
                [
                    LetterType(school=school, name=t.name, code=t.code, subject=t.subject, body=t.body, layout=t.layout)
                    for t in defaults.LETTER_TYPES
                ]
            )
        pattern, code = default_scheme(school)
        scheme, _created = NumberingScheme.objects.for_school(school).get_or_create(
            defaults={"pattern": pattern, "school_code": code}
        )
    return scheme


@transaction.atomic
def scheme_save(*, school, user, pattern: str, school_code: str) -> NumberingScheme:
    try:
        numbering.check_pattern(pattern)
    except ValidationError as error:
        raise ValidationError({"pattern": error.messages}) from None
    scheme = ensure_setup(school)
    before = snapshot(scheme)
    scheme.pattern, scheme.school_code = pattern.strip(), school_code.strip()
    scheme.save()
    record(user=user, obj=scheme, action=Change.Action.UPDATE, before=before)
    return scheme


def number_preview(scheme: NumberingScheme, *, type_code: str = "SPm", day: datetime.date) -> str:
    return numbering.format_number(
        scheme.pattern,
        seq=1,
        type_code=type_code,
        school_code=scheme.school_code,
        day=day,
        hijri_offset=scheme.school.hijri_offset,
    )


@transaction.atomic
def type_save(*, school, user, letter_type: LetterType | None, data: dict) -> LetterType:
    for field in ("subject", "body"):
        try:
            placeholders.check_text(data.get(field, ""))
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
    name = data["name"].strip()
    if LetterType.objects.for_school(school).filter(name__iexact=name).exclude(pk=getattr(letter_type, "pk", None)):
        raise ValidationError({"name": _("The school already has a letter type with this name.")})
    creating = letter_type is None
    letter_type = letter_type or LetterType(school=school)
    before = snapshot(letter_type)
    for field in ("code", "layout", "subject", "body", "is_active"):
        setattr(letter_type, field, data[field])
    letter_type.name = name
    letter_type.save()
    record(
        user=user,
        obj=letter_type,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
    )
    return letter_type


# --- Outgoing letters ---------------------------------------------------------------------------


def principal_of(school):
    """Who signs the school's letters by default: its active principal, if one is on record."""
    membership = first_member(school=school, role=Role.PRINCIPAL)
    return membership.user if membership else None


def head_title(school, language: str) -> str:
    """How the head signs, in the letter's language (not the reader's)."""
    if language == "en":
        return "Principal"
    return "Kepala Madrasah" if school.level in MADRASAH_LEVELS else "Kepala Sekolah"


def _same_school(school, **links) -> None:
    for field, obj in links.items():
        if obj is not None and obj.school_id != school.pk:
            raise ValidationError({field: _("This belongs to another school.")})
    planning.require_live(links.get("programme"))


@transaction.atomic
def letter_draft(
    *,
    school,
    user,
    letter_type: LetterType,
    correspondent: str,
    dated: datetime.date,
    partner=None,
    agreement=None,
    programme=None,
    language: str = "id",
    written: dict | None = None,
) -> Letter:
    """A draft outgoing letter whose subject and text come from its type's template. `written` holds
    what the author already wrote (the API's subject, body, enclosures …): it is kept as written, and
    the type's template fills only what was left out."""
    written = {key: value for key, value in (written or {}).items() if key in DRAFT_WRITTEN}
    _same_school(school, letter_type=letter_type, partner=partner, agreement=agreement, programme=programme)
    if not correspondent.strip() and partner is None:
        raise ValidationError({"correspondent": _("Say who the letter is addressed to.")})
    principal = principal_of(school)
    letter = Letter(
        school=school,
        direction=Letter.Direction.OUT,
        stage=Letter.Stage.DRAFT,
        letter_type=letter_type,
        dated=dated,
        partner=partner,
        correspondent=correspondent.strip() or partner.name,
        correspondent_address=partner.address if partner and not correspondent.strip() else "",
        agreement=agreement,
        programme=programme,
        language=language,
        place=school.region.split(",")[0].strip(),
        signatory_name=principal.get_full_name() if principal else "",
        signatory_position=head_title(school, language) if principal else "",
        created_by=user,
    )
    for field, value in written.items():
        setattr(letter, field, value)
    if "subject" not in written:
        letter.subject = placeholders.fill(letter_type.subject, letter) or letter_type.name
    if "body" not in written:
        letter.body = placeholders.fill(letter_type.body, letter)
    letter.save()
    record(user=user, obj=letter, action=Change.Action.CREATE)
    return letter


def _check_received(data: dict) -> None:
    if data.get("received_on") and data.get("dated") and data["received_on"] < data["dated"]:
        raise ValidationError({"received_on": _("A letter cannot be received before the date it carries.")})


def _require_editable(letter: Letter) -> None:
    if not letter.is_editable:
        raise ValidationError(_("An issued letter keeps the text it was sent with; draft a new letter instead."))


@transaction.atomic
def letter_update(*, letter: Letter, user, data: dict) -> Letter:
    _require_editable(letter)
    _same_school(letter.school, **{k: data.get(k) for k in ("partner", "agreement", "programme")})
    if letter.is_outgoing:
        data = {key: value for key, value in data.items() if key not in ("number", "received_on")}
    else:
        _check_received(data)
    before = snapshot(letter)
    for field in LETTER_FIELDS:
        if field in data:
            setattr(letter, field, data[field])
    letter.save()
    record(user=user, obj=letter, action=Change.Action.UPDATE, before=before)
    return letter


def issue_problems(letter: Letter) -> list[str]:
    """What stops an outgoing letter from being issued or printed."""
    problems = []
    left = placeholders.left_in(letter.subject + "\n" + letter.body)
    if left:
        problems.append(
            _("The letter still holds %(names)s: write in what belongs there.") % {"names": ", ".join(left)}
        )
    if not letter.body.strip():
        problems.append(_("The letter has no text."))
    if not letter.signatory_name.strip():
        problems.append(_("Who signs the letter is not filled in."))
    return problems


def letter_issue(*, letter: Letter, user) -> Letter:
    """Give the letter its number and freeze its text. The counter and the letter are written in one
    transaction: if saving the letter fails, the number is not used up."""
    with transaction.atomic():
        letter = Letter.objects.for_school(letter.school).select_for_update().get(pk=letter.pk)
        if not letter.is_outgoing or letter.stage != Letter.Stage.DRAFT:
            raise ValidationError(_("Only a draft outgoing letter can be issued."))
        problems = issue_problems(letter)
        if problems:
            raise ValidationError(problems)
        scheme = ensure_setup(letter.school)
        before = snapshot(letter)
        year = letter.dated.year
        letter.sequence = numbering.take_next(school=letter.school, year=year)
        letter.sequence_year = year
        letter.number = numbering.format_number(
            scheme.pattern,
            seq=letter.sequence,
            type_code=letter.letter_type.code if letter.letter_type_id else "",
            school_code=scheme.school_code,
            day=letter.dated,
            hijri_offset=letter.school.hijri_offset,
        )
        letter.stage = Letter.Stage.ISSUED
        letter.save()
        record(user=user, obj=letter, action=Change.Action.UPDATE, before=before)
    return letter


@transaction.atomic
def letter_delete(*, letter: Letter, user) -> None:
    """Drafts and registered incoming letters can go; an issued letter's number stays accounted for."""
    _require_editable(letter)
    files = [attachment.file for attachment in letter.attachments.select_related("file")]
    record(user=user, obj=letter, action=Change.Action.DELETE, before=snapshot(letter))
    letter.delete()
    for stored in files:
        pipeline.discard(stored)


# --- Incoming letters and attachments ----------------------------------------------------------


def _accept_all(uploads) -> list:
    return pipeline.accept_each(uploads, pipeline.accept_scan)


def _store_all(letter: Letter, user, accepted: list, description: str = "") -> None:
    pipeline.store_each(
        school=letter.school,
        user=user,
        accepted=accepted,
        folder="letters",
        attach=lambda stored, _one: LetterAttachment.objects.for_school(letter.school).create(
            letter=letter, file=stored, description=description
        ),
    )


def letter_register(*, school, user, data: dict, uploads=()) -> Letter:
    """Register a received letter with its scans, all or nothing."""
    _same_school(school, **{k: data.get(k) for k in ("partner", "agreement", "programme")})
    missing = {
        field: message
        for field, message in (
            ("subject", _("Write the letter's subject (Hal).")),
            ("correspondent", _("Say who sent the letter.")),
        )
        if not str(data.get(field) or "").strip()
    }
    if missing:
        raise ValidationError(missing)
    _check_received(data)
    accepted = _accept_all(uploads)
    with transaction.atomic():
        letter = Letter(school=school, direction=Letter.Direction.IN, stage=Letter.Stage.RECEIVED, created_by=user)
        for field in LETTER_FIELDS:
            if field in data:
                setattr(letter, field, data[field])
        letter.save()
        _store_all(letter, user, accepted)
        record(user=user, obj=letter, action=Change.Action.CREATE)
    return letter


def attachment_add(*, letter: Letter, user, uploads, description: str = "") -> None:
    accepted = _accept_all(uploads)
    if not accepted:
        raise ValidationError({"files": _("Choose a file to attach.")})
    with transaction.atomic():
        _store_all(letter, user, accepted, description.strip())
        record(
            user=user,
            obj=letter,
            action=Change.Action.UPDATE,
            before=snapshot(letter),
            extra={"attachments": ["", ", ".join(one.original_name for one in accepted)]},
        )


@transaction.atomic
def attachment_remove(*, attachment: LetterAttachment, user) -> None:
    # Files stay changeable on an issued letter (e.g. replacing the scan of the signed copy): its
    # text and number are what is frozen.
    letter = attachment.letter
    record(
        user=user,
        obj=letter,
        action=Change.Action.UPDATE,
        before=snapshot(letter),
        extra={"attachments": [str(attachment), ""]},
    )
    stored = attachment.file
    attachment.delete()
    pipeline.discard(stored)
