"""Writing agreements and their templates. Every change goes through here: the rules a form cannot
see (dates, parties, numbers, placeholders, the stage) are checked before anything is saved, each
change is one transaction, and each leaves a history record on the agreement."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mitra.agreements import defaults, placeholders
from mitra.agreements.models import (
    Agreement,
    AgreementComment,
    AgreementTemplate,
    Article,
    FoundationTemplate,
    Party,
    Witness,
)
from mitra.files import pipeline
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.partners.models import Partner
from mitra.planning import services as planning
from mitra.schools.locks import one_at_a_time

# Which kind of agreement may sit under which: an IA under a PKS or an MoU, a PKS under an MoU.
ALLOWED_PARENTS = {"ia": {"pks", "mou"}, "pks": {"mou"}, "mou": set()}

AGREEMENT_FIELDS = (
    "title",
    "purpose",
    "scope",
    "benefits",
    "financing",
    "dispute_settlement",
    "closing",
    "language",
    "start_date",
    "end_date",
    "signing_place",
    "signed_on",
    "meterai_required",
    "with_hijri_date",
)

# --- Templates ---------------------------------------------------------------------------------


def parse_articles(text: str) -> list[tuple[str, str]]:
    """ "## Heading" lines open articles; refuse text that has none, or words before the first."""
    articles: list[list[str]] = []
    preamble = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("##"):
            articles.append([line.lstrip("#").strip(), ""])
        elif articles:
            articles[-1][1] += line + "\n"
        elif line.strip():
            preamble.append(line)
    if preamble or not articles:
        raise ValidationError(
            _("Start each article with a line “## Heading”, the first line included."), code="no_heading"
        )
    if any(not title for title, _body in articles):
        raise ValidationError(_("Every “##” line needs a heading after it."), code="empty_heading")
    placeholders.check_text(text)
    return [(title, body.strip()) for title, body in articles]


def ensure_templates(school) -> None:
    """Give a school Mitra's starting library, once."""
    if AgreementTemplate.objects.for_school(school).exists():
        return
    with one_at_a_time(school):
        if AgreementTemplate.objects.for_school(school).exists():
            return  # someone else made it while this one waited
        AgreementTemplate.objects.bulk_create(
            [
                AgreementTemplate(
                    school=school,
                    name=t.name,
                    kind=t.kind,
                    partner_kind=t.partner_kind,
                    language=t.language,
                    articles=t.articles,
                )
                for t in defaults.built_in()
            ]
        )


def _name_taken(queryset, name: str, language: str, exclude_pk) -> bool:
    return queryset.filter(name__iexact=name.strip(), language=language).exclude(pk=exclude_pk).exists()


@transaction.atomic
def template_save(*, school, user, template: AgreementTemplate | None, data: dict) -> AgreementTemplate:
    parse_articles(data["articles"])
    if _name_taken(
        AgreementTemplate.objects.for_school(school), data["name"], data["language"], template and template.pk
    ):
        raise ValidationError({"name": _("The school already has a template with this name in this language.")})
    template = template or AgreementTemplate(school=school)
    before = snapshot(template) if template.pk else None
    for field, value in data.items():
        setattr(template, field, value)
    template.save()
    record(user=user, obj=template, action=Change.Action.UPDATE if before else Change.Action.CREATE, before=before)
    return template


@transaction.atomic
def foundation_template_save(*, foundation, template: FoundationTemplate | None, data: dict) -> FoundationTemplate:
    parse_articles(data["articles"])
    if _name_taken(foundation.templates.all(), data["name"], data["language"], template and template.pk):
        raise ValidationError({"name": _("The foundation already has a template with this name in this language.")})
    template = template or FoundationTemplate(foundation=foundation)
    for field, value in data.items():
        setattr(template, field, value)
    template.save()
    return template


def published_templates(school):
    return FoundationTemplate.objects.filter(foundation_id=school.foundation_id, is_published=True)


@transaction.atomic
def template_copy(*, school, user, source: FoundationTemplate) -> AgreementTemplate:
    """Copy a template the foundation published into the school's library, to edit there."""
    if source.foundation_id != school.foundation_id or not source.is_published:
        raise ValidationError(_("This template is not published to your school."))
    name, n = source.name, 1
    while _name_taken(AgreementTemplate.objects.for_school(school), name, source.language, None):
        n += 1
        name = f"{source.name} ({n})"
    copy = AgreementTemplate.objects.for_school(school).create(
        name=name,
        kind=source.kind,
        partner_kind=source.partner_kind,
        language=source.language,
        articles=source.articles,
        copied_from=source,
    )
    record(user=user, obj=copy, action=Change.Action.CREATE)
    return copy


# --- Agreements ----------------------------------------------------------------------------------


def require_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise ValidationError(
            _("This agreement is %(stage)s and cannot be changed. Make a new version (addendum) to change it.")
            % {"stage": agreement.get_stage_display().lower()},
            code="not_editable",
        )


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


def _versions_before(agreement: Agreement) -> list[Agreement]:
    found, current = [], agreement
    while current.previous_version_id:
        current = current.previous_version
        found.append(current)
    return found


def _check_renewal_dates(agreement: Agreement, start: datetime.date | None) -> None:
    """A renewal takes over on its own start date (agreements/status.py), so it must start after the
    agreement it renews started, and an agreement (or its new version) must start before its renewal."""
    if start is None:
        return
    lineage = [agreement, *_versions_before(agreement)]
    renewed = next((getattr(a, "renews", None) for a in lineage if hasattr(a, "renews")), None)
    if renewed is not None and start <= renewed.start_date:
        raise ValidationError(
            {
                "start_date": _("A renewal must start after the agreement it renews started (%(day)s).")
                % {"day": date_format(renewed.start_date)}
            }
        )
    renewal = next((a.renewed_by for a in lineage if a.renewed_by_id), None)
    if renewal is not None and start >= renewal.start_date:
        raise ValidationError(
            {
                "start_date": _("This agreement must start before its renewal does (%(day)s).")
                % {"day": date_format(renewal.start_date)}
            }
        )


def _check_parent(school, kind: str, parent: Agreement | None) -> None:
    if parent is None:
        return
    if parent.school_id != school.pk:
        raise ValidationError({"parent": _("Choose an agreement of this school.")})
    if parent.kind not in ALLOWED_PARENTS[kind]:
        raise ValidationError(
            {
                "parent": _("A %(kind)s cannot sit under a %(parent)s.")
                % {"kind": Agreement.Kind(kind).label, "parent": parent.get_kind_display()}
            }
        )


def _next_article_number(agreement: Agreement) -> int:
    return (agreement.articles.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def agreement_create(
    *,
    school,
    user,
    kind: str,
    title: str,
    partners: list[Partner],
    start_date: datetime.date,
    end_date: datetime.date,
    language: str = "id",
    template: AgreementTemplate | None = None,
    school_is_first_party: bool = True,
    parent: Agreement | None = None,
    **fields,
) -> Agreement:
    """A draft agreement between the school and its partners, its articles taken from the template."""
    _check_dates(start_date, end_date)
    if not partners:
        raise ValidationError({"partners": _("Choose at least one partner: an agreement needs two parties.")})
    if any(partner.school_id != school.pk for partner in partners):
        raise ValidationError({"partners": _("Choose partners from this school's directory.")})
    if template is not None and template.school_id != school.pk:
        raise ValidationError({"template": _("Choose a template of this school.")})
    _check_parent(school, kind, parent)
    agreement = Agreement.objects.for_school(school).create(
        kind=kind,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        language=language,
        template=template,
        parent=parent,
        created_by=user,
        **fields,
    )
    school_party = Party(school=school, agreement=agreement, is_first_party=school_is_first_party, position=0)
    partner_parties = [
        Party(school=school, agreement=agreement, partner=partner, is_first_party=False, position=i + 1)
        for i, partner in enumerate(dict.fromkeys(partners))
    ]
    if not school_is_first_party:
        partner_parties[0].is_first_party = True
    Party.objects.bulk_create([school_party, *partner_parties])
    if template is not None:
        Article.objects.bulk_create(
            [
                Article(school=school, agreement=agreement, number=i, title=title, body=body)
                for i, (title, body) in enumerate(parse_articles(template.articles), start=1)
            ]
        )
    record(user=user, obj=agreement, action=Change.Action.CREATE)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, user, data: dict, links: dict | None = None) -> Agreement:
    """Change the agreement's own fields; `links` may give its goals, needs and programmes."""
    require_editable(agreement)
    _check_dates(data.get("start_date", agreement.start_date), data.get("end_date", agreement.end_date))
    _check_renewal_dates(agreement, data.get("start_date", agreement.start_date))
    if "parent" in data:
        _check_parent(agreement.school, agreement.kind, data["parent"])
        if data["parent"] is not None and data["parent"].pk == agreement.pk:
            raise ValidationError({"parent": _("An agreement cannot sit under itself.")})
    before = snapshot(agreement)
    for field, value in data.items():
        setattr(agreement, field, value)
    agreement.save()
    extra = {}
    for name, chosen in (links or {}).items():
        kept = set(getattr(agreement, name).values_list("pk", flat=True))
        planning.require_live(*(item for item in chosen if item.pk not in kept))
        manager = getattr(agreement, name)
        was = sorted(str(item) for item in manager.all())
        manager.set(chosen)
        extra[name] = ["; ".join(was), "; ".join(sorted(str(item) for item in chosen))]
    record(user=user, obj=agreement, action=Change.Action.UPDATE, before=before, extra=extra)
    return agreement


def _check_number(party: Party, number: str) -> None:
    """A document number names one agreement: the same number on another agreement is a typing slip."""
    if not number:
        return
    clash = (
        Party.objects.for_school(party.school)
        .filter(document_number__iexact=number, partner_id=party.partner_id)
        .exclude(agreement_id=party.agreement_id)
        .select_related("agreement")
        .first()
    )
    # Versions of one agreement share their numbers; anything else may not.
    if clash and not _same_lineage(clash.agreement, party.agreement):
        raise ValidationError(
            {
                "document_number": _("The number %(number)s is already used by “%(title)s”.")
                % {"number": number, "title": clash.agreement.title}
            }
        )


def _lineage(agreement: Agreement) -> set[int]:
    ids, current = {agreement.pk}, agreement
    while current.previous_version_id:
        current = current.previous_version
        ids.add(current.pk)
    return ids


def _same_lineage(a: Agreement, b: Agreement) -> bool:
    return bool(_lineage(a) & _lineage(b))


@transaction.atomic
def party_save(*, party: Party, user, data: dict) -> Party:
    require_editable(party.agreement)
    _check_number(party, data.get("document_number", "").strip())
    if party.is_first_party and data.get("is_first_party") is False:
        raise ValidationError(
            {"is_first_party": _("An agreement always has a PIHAK PERTAMA: choose it on the other party instead.")}
        )
    before = snapshot(party)
    for field, value in data.items():
        setattr(party, field, value.strip() if isinstance(value, str) else value)
    if data.get("is_first_party"):
        # One PIHAK PERTAMA: choosing this party releases the other first.
        Party.objects.for_school(party.school).filter(agreement=party.agreement, is_first_party=True).exclude(
            pk=party.pk
        ).update(is_first_party=False)
    party.save()
    record(user=user, obj=party, action=Change.Action.UPDATE, before=before, anchor=party.agreement)
    return party


@transaction.atomic
def party_add(*, agreement: Agreement, user, partner: Partner) -> Party:
    require_editable(agreement)
    if partner.school_id != agreement.school_id:
        raise ValidationError(_("Choose a partner from this school's directory."))
    if agreement.parties.filter(partner=partner).exists():
        raise ValidationError(_("%(partner)s is already a party.") % {"partner": partner.name})
    position = (agreement.parties.aggregate(n=Max("position"))["n"] or 0) + 1
    party = Party.objects.for_school(agreement.school).create(agreement=agreement, partner=partner, position=position)
    record(user=user, obj=party, action=Change.Action.CREATE, anchor=agreement)
    return party


@transaction.atomic
def party_remove(*, party: Party, user) -> None:
    agreement = party.agreement
    require_editable(agreement)
    if party.is_school:
        raise ValidationError(_("The school is always a party to its agreements."))
    if agreement.parties.exclude(partner=None).count() <= 1:
        raise ValidationError(_("An agreement needs at least one partner: add another before removing this one."))
    record(user=user, obj=party, action=Change.Action.DELETE, before=snapshot(party), anchor=agreement)
    was_first = party.is_first_party
    party.delete()
    if was_first:
        agreement.parties.filter(partner=None).update(is_first_party=True)


@transaction.atomic
def article_save(*, agreement: Agreement, user, article: Article | None, title: str, body: str) -> Article:
    require_editable(agreement)
    placeholders.check_text(title + "\n" + body)
    article = article or Article(school=agreement.school, agreement=agreement, number=_next_article_number(agreement))
    before = snapshot(article) if article.pk else None
    article.title, article.body = title.strip(), body.strip()
    article.save()
    record(
        user=user,
        obj=article,
        action=Change.Action.UPDATE if before else Change.Action.CREATE,
        before=before,
        anchor=agreement,
    )
    return article


@transaction.atomic
def article_remove(*, article: Article, user) -> None:
    """Remove an article and close the gap, so the articles stay numbered 1, 2, 3…"""
    agreement = article.agreement
    require_editable(agreement)
    record(user=user, obj=article, action=Change.Action.DELETE, before=snapshot(article), anchor=agreement)
    article.delete()
    for number, later in enumerate(agreement.articles.order_by("number"), start=1):
        if later.number != number:
            later.number = number
            later.save(update_fields=["number"])


@transaction.atomic
def article_move(*, article: Article, user, up: bool) -> None:
    agreement = article.agreement
    require_editable(agreement)
    neighbour = (
        agreement.articles.filter(number__lt=article.number).order_by("-number").first()
        if up
        else agreement.articles.filter(number__gt=article.number).order_by("number").first()
    )
    if neighbour is None:
        return
    # Through a free number, so the (agreement, number) uniqueness holds at every step.
    mine, theirs = article.number, neighbour.number
    article.number = _next_article_number(agreement)
    article.save(update_fields=["number"])
    neighbour.number = mine
    neighbour.save(update_fields=["number"])
    article.number = theirs
    article.save(update_fields=["number"])


@transaction.atomic
def witness_add(*, agreement: Agreement, user, name: str, position: str) -> Witness:
    require_editable(agreement)
    witness = Witness.objects.for_school(agreement.school).create(
        agreement=agreement, name=name.strip(), position=position.strip()
    )
    record(user=user, obj=witness, action=Change.Action.CREATE, anchor=agreement)
    return witness


@transaction.atomic
def witness_remove(*, witness: Witness, user) -> None:
    require_editable(witness.agreement)
    record(user=user, obj=witness, action=Change.Action.DELETE, before=snapshot(witness), anchor=witness.agreement)
    witness.delete()


# --- What stops a document ---------------------------------------------------------------------


def document_problems(agreement: Agreement) -> list[str]:
    """Everything that would leave a blank or a wrong word in the document, in the reader's language."""
    problems = []
    articles = list(agreement.articles.all())
    if not articles:
        problems.append(_("The agreement has no articles yet."))
    texts = [(_("Article %(n)s") % {"n": a.number}, a.title + "\n" + a.body) for a in articles]
    problems += placeholders.empty_in(agreement, texts)
    return problems


def signing_problems(agreement: Agreement) -> list[str]:
    problems = document_problems(agreement)
    for party in agreement.parties.all():
        if not party.signatory_name.strip():
            problems.append(_("Who signs for %(party)s is not filled in.") % {"party": party.name()})
    return problems


# --- Lifecycle ---------------------------------------------------------------------------------


def _comment(agreement: Agreement, user, text: str) -> None:
    if text.strip():
        AgreementComment.objects.for_school(agreement.school).create(
            agreement=agreement, author=user, text=text.strip()
        )


def _set_stage(agreement: Agreement, user, stage: str, **extra) -> None:
    before = snapshot(agreement)
    agreement.stage = stage
    for key, value in extra.items():
        setattr(agreement, key, value)
    agreement.save()
    record(user=user, obj=agreement, action=Change.Action.UPDATE, before=before)


@transaction.atomic
def submit_for_review(*, agreement: Agreement, user, comment: str = "") -> None:
    if agreement.stage != Agreement.Stage.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    problems = document_problems(agreement)
    if problems:
        raise ValidationError(problems)
    _comment(agreement, user, comment)
    _set_stage(agreement, user, Agreement.Stage.REVIEW)


@transaction.atomic
def return_to_draft(*, agreement: Agreement, user, comment: str) -> None:
    if agreement.stage != Agreement.Stage.REVIEW:
        raise ValidationError(_("Only an agreement in review can go back to draft."))
    if not comment.strip():
        raise ValidationError(_("Say what should change, so the drafter knows."))
    _comment(agreement, user, comment)
    _set_stage(agreement, user, Agreement.Stage.DRAFT)


@transaction.atomic
def add_comment(*, agreement: Agreement, user, text: str) -> None:
    if not text.strip():
        raise ValidationError(_("Write a comment first."))
    _comment(agreement, user, text)


def sign(*, agreement: Agreement, user, signed_on: datetime.date, scan, today: datetime.date) -> None:
    """Record the signing with the scan of the signed paper. The scan is checked before anything is
    written; if the database refuses, the stored file is removed again."""
    if agreement.stage != Agreement.Stage.REVIEW:
        raise ValidationError(_("Send the agreement for review before recording its signing."))
    if signed_on > today:
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    problems = signing_problems(agreement)
    if problems:
        raise ValidationError(problems)
    accepted = pipeline.accept_scan(scan)
    stored = pipeline.store(school=agreement.school, user=user, accepted=accepted, folder="agreements")
    try:
        with transaction.atomic():
            _set_stage(agreement, user, Agreement.Stage.SIGNED, signed_on=signed_on, signed_scan=stored)
            _carry_renewal_links(agreement, user)
    except Exception:
        pipeline.discard(stored)
        raise


def _carry_renewal_links(agreement: Agreement, user) -> None:
    """A signed new version (addendum) takes the place of the one before it, in the renewal chain
    too: the renewal it had is now this version's, and the agreement it renewed is now renewed by
    this version. So the chain always runs through the versions that count (agreements/status.py)."""
    previous = agreement.previous_version
    if previous is None:
        return
    renewal = previous.renewed_by
    renewed = getattr(previous, "renews", None)
    if renewal is not None and agreement.renewed_by_id is None:
        before = snapshot(previous)
        previous.renewed_by = None
        previous.save(update_fields=["renewed_by"])
        record(user=user, obj=previous, action=Change.Action.UPDATE, before=before)
        before = snapshot(agreement)
        agreement.renewed_by = renewal
        agreement.save(update_fields=["renewed_by"])
        record(user=user, obj=agreement, action=Change.Action.UPDATE, before=before)
    if renewed is not None:
        before = snapshot(renewed)
        renewed.renewed_by = agreement
        renewed.save(update_fields=["renewed_by"])
        record(user=user, obj=renewed, action=Change.Action.UPDATE, before=before)


def _require_newest(agreement: Agreement) -> None:
    newer = getattr(agreement, "next_version", None)
    if newer is not None and newer.stage in (Agreement.Stage.SIGNED, Agreement.Stage.TERMINATED):
        raise ValidationError(
            _("Version %(n)s replaced this one: act on the newest version.") % {"n": newer.version},
            code="replaced",
        )


@transaction.atomic
def terminate(*, agreement: Agreement, user, on: datetime.date, reason: str) -> None:
    """End a signed agreement early. It is in force until `on` and no longer on that day
    (agreements/status.py); a date after its end would end nothing."""
    if agreement.stage != Agreement.Stage.SIGNED:
        raise ValidationError(_("Only a signed agreement can be terminated; a draft can simply be left."))
    _require_newest(agreement)
    if not reason.strip():
        raise ValidationError({"termination_reason": _("Give the reason for ending the agreement.")})
    if on < agreement.start_date:
        raise ValidationError({"terminated_on": _("The agreement cannot end before it started.")})
    if on > agreement.end_date:
        raise ValidationError(
            {
                "terminated_on": _("The agreement ends on %(day)s anyway: an early end must come before that.")
                % {"day": date_format(agreement.end_date)}
            }
        )
    _set_stage(agreement, user, Agreement.Stage.TERMINATED, terminated_on=on, termination_reason=reason.strip())


# A party copied into a new version or renewal keeps everything but its row and its agreement.
_NOT_COPIED = {"id", "school", "agreement"}


def _copy(agreement: Agreement, user, **changes) -> Agreement:
    """A new draft with the agreement's fields, parties, articles, witnesses and plan links."""
    fields = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    fields.update(signed_on=None, **changes)
    copy = Agreement.objects.for_school(agreement.school).create(
        kind=agreement.kind,
        parent=agreement.parent,
        template=agreement.template,
        created_by=user,
        **fields,
    )
    school = agreement.school
    Party.objects.bulk_create(
        [
            Party(
                school=school,
                agreement=copy,
                **{f.name: getattr(p, f.name) for f in Party._meta.concrete_fields if f.name not in _NOT_COPIED},
            )
            for p in agreement.parties.all()
        ]
    )
    Article.objects.bulk_create(
        [
            Article(school=school, agreement=copy, number=a.number, title=a.title, body=a.body)
            for a in agreement.articles.all()
        ]
    )
    Witness.objects.bulk_create(
        [Witness(school=school, agreement=copy, name=w.name, position=w.position) for w in agreement.witnesses.all()]
    )
    for name in ("goals", "needs", "programmes"):
        getattr(copy, name).set(getattr(agreement, name).all())
    record(user=user, obj=copy, action=Change.Action.CREATE)
    return copy


@transaction.atomic
def renew(*, agreement: Agreement, user, start_date: datetime.date, end_date: datetime.date) -> Agreement:
    """Draft the renewal: the same agreement for a new term. Once the renewal is signed the old one
    stops warning; it stays in force until the renewal's start date, when the renewal takes over."""
    if agreement.stage != Agreement.Stage.SIGNED:
        raise ValidationError(_("Only a signed agreement can be renewed."))
    _require_newest(agreement)
    if agreement.renewed_by_id:
        raise ValidationError(_("This agreement already has a renewal: “%(title)s”.") % {"title": agreement.renewed_by})
    _check_dates(start_date, end_date)
    if start_date <= agreement.start_date:
        raise ValidationError({"start_date": _("The renewal must start after the agreement it renews started.")})
    copy = _copy(agreement, user, start_date=start_date, end_date=end_date)
    copy.parties.update(document_number="")
    before = snapshot(agreement)
    agreement.renewed_by = copy
    agreement.save(update_fields=["renewed_by"])
    record(user=user, obj=agreement, action=Change.Action.UPDATE, before=before)
    return copy


@transaction.atomic
def new_version(*, agreement: Agreement, user) -> Agreement:
    """An addendum: a draft copy of a signed agreement, numbered as its next version. The signed one
    stays as it was, and both can be compared article by article."""
    if agreement.stage != Agreement.Stage.SIGNED:
        raise ValidationError(_("Only a signed agreement gets a new version; edit a draft directly."))
    if hasattr(agreement, "next_version"):
        raise ValidationError(
            _("This version already has a newer one: “%(title)s”.") % {"title": agreement.next_version}
        )
    return _copy(agreement, user, version=agreement.version + 1, previous_version=agreement)
