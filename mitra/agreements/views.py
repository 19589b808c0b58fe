"""Pages of the agreement step: the register, drafting from a template, the agreement's page with
its parties and articles, the lifecycle actions, the documents, and the school's template library."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.agreements import document, forms, placeholders, selectors, services
from mitra.agreements.models import Agreement, AgreementTemplate, Article, FoundationTemplate, Party, Witness
from mitra.agreements.status import (
    EXPIRING_WITHIN_DAYS,
    SIGNED_STAGES,
    Status,
    renewal_note,
    signed_renewal,
    status_of,
    status_q,
)
from mitra.documents import DOCUMENT_TYPES
from mitra.files import pipeline
from mitra.files.downloads import content_disposition
from mitra.history.selectors import page_history
from mitra.schools import submissions
from mitra.schools.access import foundation_view, school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error, form_page, partial_page


def _today():
    return timezone.localdate()


def _agreement(access, agreement_id) -> Agreement:
    return selectors.agreement_get(access=access, agreement_id=agreement_id)


def _in_agreement(agreement, model, pk):
    return get_object_or_404(model.objects.for_school(agreement.school), pk=pk, agreement=agreement)


def _to(agreement):
    return redirect(agreement_url(agreement))


def agreement_url(agreement) -> str:
    return reverse("agreements:detail", args=[agreement.school_id, agreement.pk])


# --- The register ------------------------------------------------------------------------------


def _mark_status(agreements, today) -> None:
    for agreement in agreements:
        agreement.status = status_of(agreement, today)
        agreement.note = renewal_note(agreement, today)


@school_view("agreements.view")
def home(request, access):
    today = _today()
    filters = forms.FilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    agreements = selectors.agreement_list(access=access, today=today, **{k: v for k, v in criteria.items() if v})
    page, query = paginate(request, agreements, prepare=lambda rows: _mark_status(rows, today))
    context = {
        "access": access,
        "filters": filters,
        "page": page,
        "query": query,
        "expiring": selectors.agreement_list(access=access, today=today).filter(status_q(Status.EXPIRING, today)),
        "expiring_within": EXPIRING_WITHIN_DAYS,
    }
    return partial_page(request, "agreements/list.html", context)


@school_view("agreements.edit")
def create(request, access):
    services.ensure_templates(access.school)
    initial = {"start_date": _today(), "language": "id"}
    if request.GET.get("partner"):
        initial["partners"] = [request.GET["partner"]]
    form = forms.AgreementCreateForm(request.POST or None, school=access.school, initial=initial)
    if request.method == "POST":
        if submissions.already_saved(request):
            messages.info(request, _("This form was already sent; the agreement was drafted once."))
            return redirect("agreements:home", school_id=access.school.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement = services.agreement_create(
                    school=access.school,
                    user=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    partners=list(data["partners"]),
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    language=data["language"],
                    template=data["template"],
                    school_is_first_party=data["first_party"] == "school",
                    parent=data["parent"],
                )
            except ValidationError as error:
                apply_error(form, error)
            else:
                submissions.mark_saved(request)
                messages.success(request, _("The draft is ready. Fill in what its articles ask for."))
                return redirect("agreements:detail", school_id=access.school.pk, agreement_id=agreement.pk)
    return render(request, "agreements/create.html", {"access": access, "form": form})


# --- One agreement -------------------------------------------------------------------------------


@school_view("agreements.view")
def detail(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    today = _today()
    parties = list(agreement.parties.all())
    articles = list(agreement.articles.all())
    for article in articles:
        article.preview = placeholders.preview(article.body, agreement)
    # The agreements this one leads to, each only if the reader may open it (a partner's
    # representative opens their own signed ones; the others answer 404).
    related = [agreement.parent, agreement.renewed_by, getattr(agreement, "renews", None)]
    openable = set(
        selectors.agreements_of(access=access)
        .filter(pk__in=[a.pk for a in related if a is not None])
        .values_list("pk", flat=True)
    )
    versions = selectors.versions_of(agreement)
    internal = not access.is_partner_rep  # the school's own working: review comments, plan links, history
    if not internal:
        versions = [v for v in versions if v.stage in SIGNED_STAGES]
    context = {
        "access": access,
        "agreement": agreement,
        "status": status_of(agreement, today),
        "renewal": signed_renewal(agreement),
        "renewal_note": renewal_note(agreement, today),
        "openable": openable,
        "internal": internal,
        "parties": parties,
        "articles": articles,
        "witnesses": agreement.witnesses.all(),
        "children": agreement.children.filter(selectors.visible_q(access)),
        "goals": agreement.goals.all() if internal else [],
        "needs": agreement.needs.all() if internal else [],
        "programmes": agreement.programmes.all() if internal else [],
        "comments": agreement.comments.select_related("author") if internal else [],
        "versions": versions,
        "problems": services.signing_problems(agreement) if agreement.is_editable else [],
        "comment_form": forms.CommentForm(),
        "history": page_history(request, school=access.school, anchor=agreement) if internal else None,
    }
    return render(request, "agreements/detail.html", context)


@school_view("agreements.edit")
def edit(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    form = forms.AgreementForm(request.POST or None, instance=agreement, school=access.school)

    def save(form):
        data, links = form.split()
        services.agreement_update(agreement=_agreement(access, agreement_id), user=request.user, data=data, links=links)

    return form_page(
        request,
        access,
        form,
        title=_("Edit the agreement"),
        subtitle=agreement.title,
        save=save,
        done=(agreement_url(agreement),),
    )


@school_view("agreements.view")
def download(request, access, agreement_id, fmt):
    agreement = _agreement(access, agreement_id)
    render_document = {"docx": document.as_docx, "pdf": document.as_pdf}.get(fmt)
    if render_document is None:
        raise Http404
    try:
        data = render_document(agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to(agreement)
    response = HttpResponse(data, content_type=DOCUMENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(document.file_name(agreement, fmt))
    return response


@school_view("agreements.view")
def scan(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    if agreement.signed_scan is None:
        raise Http404
    return pipeline.serve(agreement.signed_scan, inline=True)


# --- Parties, articles, witnesses -------------------------------------------------------------


@school_view("agreements.edit")
def party_edit(request, access, agreement_id, party_id):
    agreement = _agreement(access, agreement_id)
    party = _in_agreement(agreement, Party, party_id)
    form = forms.PartyForm(request.POST or None, instance=party)
    return form_page(
        request,
        access,
        form,
        title=party.name(),
        subtitle=agreement.title,
        save=lambda form: services.party_save(party=party, user=request.user, data=form.cleaned_data),
        done=(agreement_url(agreement) + "#parties",),
    )


@school_view("agreements.edit")
def party_add(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    form = forms.PartyAddForm(request.POST or None, agreement=agreement)
    return form_page(
        request,
        access,
        form,
        title=_("Add a party"),
        subtitle=agreement.title,
        save=lambda form: services.party_add(
            agreement=agreement, user=request.user, partner=form.cleaned_data["partner"]
        ),
        done=(agreement_url(agreement) + "#parties",),
    )


@school_view("agreements.edit")
@require_POST
def party_remove(request, access, agreement_id, party_id):
    agreement = _agreement(access, agreement_id)
    party = _in_agreement(agreement, Party, party_id)
    return act(request, lambda: services.party_remove(party=party, user=request.user), (agreement_url(agreement),))


@school_view("agreements.edit")
def article_create(request, access, agreement_id):
    return _article_page(request, access, agreement_id, None)


@school_view("agreements.edit")
def article_edit(request, access, agreement_id, article_id):
    return _article_page(request, access, agreement_id, article_id)


def _article_page(request, access, agreement_id, article_id):
    agreement = _agreement(access, agreement_id)
    article = _in_agreement(agreement, Article, article_id) if article_id else None
    form = forms.ArticleForm(request.POST or None, instance=article)

    def save(form):
        services.article_save(
            agreement=agreement,
            user=request.user,
            article=article,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )

    title = _("Article %(n)s") % {"n": article.number} if article else _("Add an article")
    return form_page(
        request,
        access,
        form,
        title=title,
        subtitle=agreement.title,
        save=save,
        done=(agreement_url(agreement) + "#articles",),
        template="placeholder_form.html",
        extra={"placeholders": placeholders.PLACEHOLDERS},
    )


@school_view("agreements.edit")
@require_POST
def article_remove(request, access, agreement_id, article_id):
    agreement = _agreement(access, agreement_id)
    article = _in_agreement(agreement, Article, article_id)
    return act(
        request,
        lambda: services.article_remove(article=article, user=request.user),
        (agreement_url(agreement) + "#articles",),
    )


@school_view("agreements.edit")
@require_POST
def article_move(request, access, agreement_id, article_id):
    agreement = _agreement(access, agreement_id)
    article = _in_agreement(agreement, Article, article_id)
    up = request.POST.get("direction") == "up"
    return act(
        request,
        lambda: services.article_move(article=article, user=request.user, up=up),
        (agreement_url(agreement) + "#articles",),
    )


@school_view("agreements.edit")
def witness_add(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    form = forms.WitnessForm(request.POST or None)
    return form_page(
        request,
        access,
        form,
        title=_("Add a witness (mengetahui)"),
        subtitle=agreement.title,
        save=lambda form: services.witness_add(agreement=agreement, user=request.user, **form.cleaned_data),
        done=(agreement_url(agreement) + "#witnesses",),
    )


@school_view("agreements.edit")
@require_POST
def witness_remove(request, access, agreement_id, witness_id):
    agreement = _agreement(access, agreement_id)
    witness = _in_agreement(agreement, Witness, witness_id)
    return act(
        request, lambda: services.witness_remove(witness=witness, user=request.user), (agreement_url(agreement),)
    )


# --- Lifecycle -----------------------------------------------------------------------------------


@school_view("agreements.edit")
@require_POST
def submit(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    comment = request.POST.get("text", "")
    return act(
        request,
        lambda: services.submit_for_review(agreement=agreement, user=request.user, comment=comment),
        (agreement_url(agreement),),
    )


@school_view("agreements.sign")
@require_POST
def send_back(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    comment = request.POST.get("text", "")
    return act(
        request,
        lambda: services.return_to_draft(agreement=agreement, user=request.user, comment=comment),
        (agreement_url(agreement),),
    )


@school_view("agreements.edit")
@require_POST
def comment(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    text = request.POST.get("text", "")
    return act(
        request,
        lambda: services.add_comment(agreement=agreement, user=request.user, text=text),
        (agreement_url(agreement) + "#comments",),
    )


@school_view("agreements.sign")
def sign(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    form = forms.SignForm(request.POST or None, request.FILES or None, initial={"signed_on": agreement.signed_on})

    def save(form):
        services.sign(
            agreement=agreement,
            user=request.user,
            signed_on=form.cleaned_data["signed_on"],
            scan=form.cleaned_data["scan"],
            today=_today(),
        )

    return form_page(
        request,
        access,
        form,
        title=_("Record the signing"),
        subtitle=agreement.title,
        save=save,
        done=(agreement_url(agreement),),
    )


@school_view("agreements.sign")
def terminate(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    form = forms.TerminateForm(request.POST or None, initial={"terminated_on": _today()})

    def save(form):
        services.terminate(
            agreement=agreement,
            user=request.user,
            on=form.cleaned_data["terminated_on"],
            reason=form.cleaned_data["termination_reason"],
        )

    return form_page(
        request,
        access,
        form,
        title=_("End the agreement early"),
        subtitle=agreement.title,
        save=save,
        done=(agreement_url(agreement),),
    )


@school_view("agreements.edit")
def renew(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    term = agreement.end_date - agreement.start_date
    start = agreement.end_date + datetime.timedelta(days=1)
    form = forms.RenewForm(request.POST or None, initial={"start_date": start, "end_date": start + term})
    return form_page(
        request,
        access,
        form,
        title=_("Renew the agreement"),
        subtitle=agreement.title,
        save=lambda form: services.renew(agreement=agreement, user=request.user, **form.cleaned_data),
        done=lambda renewal: (agreement_url(renewal),),
    )


@school_view("agreements.edit")
@require_POST
def new_version(request, access, agreement_id):
    agreement = _agreement(access, agreement_id)
    try:
        version = services.new_version(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to(agreement)
    messages.success(request, _("Version %(n)s is a draft: change what the addendum changes.") % {"n": version.version})
    return _to(version)


@school_view("agreements.view")
def compare(request, access, agreement_id, other_id):
    agreement = _agreement(access, agreement_id)
    other = _agreement(access, other_id)
    if other.pk not in {v.pk for v in selectors.versions_of(agreement)}:
        raise Http404
    older, newer = sorted([agreement, other], key=lambda a: a.version)
    return render(
        request,
        "agreements/compare.html",
        {
            "access": access,
            "agreement": agreement,
            "older": older,
            "newer": newer,
            "rows": selectors.compare(older, newer),
        },
    )


# --- Templates ---------------------------------------------------------------------------------


@school_view("agreements.view_templates")
def template_list(request, access):
    services.ensure_templates(access.school)
    return render(
        request,
        "agreements/templates.html",
        {
            "access": access,
            "templates": selectors.templates_of(access=access),
            "published": services.published_templates(access.school),
        },
    )


@school_view("agreements.templates")
def template_create(request, access):
    return _template_page(request, access, None)


@school_view("agreements.templates")
def template_edit(request, access, template_id):
    return _template_page(request, access, template_id)


def _template_page(request, access, template_id):
    template = (
        get_object_or_404(AgreementTemplate.objects.for_school(access.school), pk=template_id) if template_id else None
    )
    form = forms.TemplateForm(request.POST or None, instance=template)
    return form_page(
        request,
        access,
        form,
        title=template.name if template else _("New template"),
        save=lambda form: services.template_save(
            school=access.school, user=request.user, template=template, data=form.cleaned_data
        ),
        done=("agreements:templates", access.school.pk),
        template="placeholder_form.html",
        extra={"placeholders": placeholders.PLACEHOLDERS},
    )


@school_view("agreements.templates")
@require_POST
def template_copy(request, access, source_id):
    source = get_object_or_404(FoundationTemplate, pk=source_id, foundation_id=access.school.foundation_id)
    return act(
        request,
        lambda: services.template_copy(school=access.school, user=request.user, source=source),
        ("agreements:templates", access.school.pk),
    )


# --- The foundation's templates ----------------------------------------------------------------


@foundation_view("foundation.view")
def foundation_templates(request, access):
    templates = FoundationTemplate.objects.filter(foundation=access.foundation).annotate(
        copies_made=Count("copies__school", distinct=True)
    )
    return render(
        request, "agreements/foundation_templates.html", {"foundation_access": access, "templates": templates}
    )


@foundation_view("foundation.templates")
def foundation_template_create(request, access):
    return _foundation_template_page(request, access, None)


@foundation_view("foundation.templates")
def foundation_template_edit(request, access, template_id):
    return _foundation_template_page(request, access, template_id)


def _foundation_template_page(request, access, template_id):
    template = (
        get_object_or_404(FoundationTemplate, pk=template_id, foundation=access.foundation) if template_id else None
    )
    form = forms.FoundationTemplateForm(request.POST or None, instance=template)
    return form_page(
        request,
        None,
        form,
        title=template.name if template else _("New template for the schools"),
        subtitle=_("Published templates appear in every school's library, where the school copies and adapts them."),
        save=lambda form: services.foundation_template_save(
            foundation=access.foundation, template=template, data=form.cleaned_data
        ),
        done=("foundation_templates:list", access.foundation.pk),
        template="placeholder_form.html",
        extra={"placeholders": placeholders.PLACEHOLDERS, "foundation_access": access},
    )
