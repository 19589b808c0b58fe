"""Pages of the letters register (agenda surat): the register, drafting an outgoing letter from its
type's template, registering a received one with its scans, a letter's page with its documents and
files, and the school's numbering scheme and letter types."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.documents import DOCUMENT_TYPES
from mitra.files import pipeline
from mitra.files.downloads import content_disposition
from mitra.history.selectors import page_history
from mitra.letters import document, forms, placeholders, selectors, services
from mitra.letters.models import Letter, LetterAttachment, LetterType
from mitra.schools import submissions
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error, form_page, partial_page, refuse


def letter_url(letter) -> str:
    return reverse("letters:detail", args=[letter.school_id, letter.pk])


def _letter(access, letter_id) -> Letter:
    return selectors.letter_get(access=access, letter_id=letter_id)


@school_view("letters.view")
def home(request, access):
    filters = forms.FilterForm(request.GET or None, school=access.school)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page, query = paginate(request, selectors.letter_list(access=access, **criteria))
    context = {"access": access, "filters": filters, "page": page, "query": query}
    return partial_page(request, "letters/list.html", context)


def _once(request, access):
    """A form sent twice (a double tap on a slow connection) saves once."""
    if submissions.already_saved(request):
        messages.info(request, _("This form was already sent; the letter was saved once."))
        return redirect("letters:home", school_id=access.school.pk)
    return None


@school_view("letters.edit")
def draft(request, access):
    services.ensure_setup(access.school)
    initial = {"dated": timezone.localdate(), "language": "id"}
    for key in ("partner", "agreement", "letter_type"):
        if request.GET.get(key, "").isdigit():
            initial[key] = int(request.GET[key])
    form = forms.DraftForm(request.POST or None, school=access.school, initial=initial)
    if request.method == "POST":
        if repeated := _once(request, access):
            return repeated
        if form.is_valid():
            try:
                letter = services.letter_draft(school=access.school, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_error(form, error)
            else:
                submissions.mark_saved(request)
                messages.success(request, _("The draft is ready. Finish its text, then issue it to give it a number."))
                return redirect(letter_url(letter))
    return render(request, "form_page.html", {"access": access, "form": form, "title": _("Write a letter")})


@school_view("letters.edit")
def register(request, access):
    form = forms.IncomingForm(
        request.POST or None,
        request.FILES or None,
        school=access.school,
        initial={"dated": timezone.localdate(), "received_on": timezone.localdate()},
    )
    if request.method == "POST":
        if repeated := _once(request, access):
            return repeated
        if form.is_valid():
            data = dict(form.cleaned_data)
            uploads = data.pop("files")
            try:
                letter = services.letter_register(school=access.school, user=request.user, data=data, uploads=uploads)
            except ValidationError as error:
                apply_error(form, error)
            else:
                submissions.mark_saved(request)
                messages.success(request, _("The letter is in the register."))
                return redirect(letter_url(letter))
    return render(
        request,
        "form_page.html",
        {"access": access, "form": form, "title": _("Register a received letter")},
    )


@school_view("letters.view")
def detail(request, access, letter_id):
    letter = _letter(access, letter_id)
    context = {
        "access": access,
        "letter": letter,
        "problems": services.issue_problems(letter) if letter.is_outgoing and letter.is_editable else [],
        "attachments": letter.attachments.select_related("file"),
        "attachment_form": forms.AttachmentForm(),
        "history": page_history(request, school=access.school, anchor=letter),
    }
    return render(request, "letters/detail.html", context)


@school_view("letters.edit")
def edit(request, access, letter_id):
    letter = _letter(access, letter_id)
    if not letter.is_editable:
        messages.error(request, _("An issued letter keeps the text it was sent with; draft a new letter instead."))
        return redirect(letter_url(letter))
    if letter.is_outgoing:
        form = forms.OutgoingForm(request.POST or None, instance=letter, school=access.school)
    else:
        form = forms.IncomingForm(request.POST or None, instance=letter, school=access.school, with_files=False)
    fresh = lambda: _letter(access, letter_id)  # noqa: E731 (the form has written its input on `letter`)
    return form_page(
        request,
        access,
        form,
        title=_("Edit the letter"),
        subtitle=letter.subject,
        save=lambda form: services.letter_update(letter=fresh(), user=request.user, data=form.cleaned_data),
        done=(letter_url(letter),),
    )


@school_view("letters.edit")
@require_POST
def issue(request, access, letter_id):
    letter = _letter(access, letter_id)
    try:
        letter = services.letter_issue(letter=letter, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Issued as number %(number)s.") % {"number": letter.number})
    return redirect(letter_url(letter))


@school_view("letters.edit")
@require_POST
def delete(request, access, letter_id):
    letter = _letter(access, letter_id)
    try:
        services.letter_delete(letter=letter, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(letter_url(letter))
    messages.success(request, _("The letter was removed from the register."))
    return redirect("letters:home", school_id=access.school.pk)


@school_view("letters.view")
def download(request, access, letter_id, fmt):
    letter = _letter(access, letter_id)
    render_document = {"docx": document.as_docx, "pdf": document.as_pdf}.get(fmt)
    if render_document is None or not letter.is_outgoing:
        raise Http404
    try:
        data = render_document(letter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(letter_url(letter))
    response = HttpResponse(data, content_type=DOCUMENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(document.file_name(letter, fmt))
    return response


# --- Attachments -------------------------------------------------------------------------------


def _attachment(letter, attachment_id) -> LetterAttachment:
    return get_object_or_404(
        LetterAttachment.objects.for_school(letter.school).select_related("file", "letter"),
        pk=attachment_id,
        letter=letter,
    )


@school_view("letters.view")
def attachment(request, access, letter_id, attachment_id):
    found = _attachment(_letter(access, letter_id), attachment_id)
    return pipeline.serve(found.file, inline=False)


@school_view("letters.edit")
@require_POST
def attachment_add(request, access, letter_id):
    letter = _letter(access, letter_id)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return refuse(request, form, (letter_url(letter) + "#files",))
    return act(
        request,
        lambda: services.attachment_add(
            letter=letter,
            user=request.user,
            uploads=form.cleaned_data["files"],
            description=form.cleaned_data["description"],
        ),
        (letter_url(letter) + "#files",),
    )


@school_view("letters.edit")
@require_POST
def attachment_remove(request, access, letter_id, attachment_id):
    letter = _letter(access, letter_id)
    found = _attachment(letter, attachment_id)
    return act(
        request,
        lambda: services.attachment_remove(attachment=found, user=request.user),
        (letter_url(letter) + "#files",),
    )


# --- Numbering and types -----------------------------------------------------------------------


@school_view("letters.view")
def settings(request, access):
    scheme = services.ensure_setup(access.school)
    types = list(selectors.types_of(access=access))
    for letter_type in types:
        letter_type.example = services.number_preview(scheme, type_code=letter_type.code, day=timezone.localdate())
    return render(request, "letters/settings.html", {"access": access, "scheme": scheme, "types": types})


@school_view("letters.settings")
def scheme_edit(request, access):
    scheme = services.ensure_setup(access.school)
    form = forms.SchemeForm(request.POST or None, instance=scheme)
    return form_page(
        request,
        access,
        form,
        title=_("Letter numbering"),
        subtitle=_("Numbers restart at 1 each calendar year."),
        save=lambda form: services.scheme_save(school=access.school, user=request.user, **form.cleaned_data),
        done=("letters:settings", access.school.pk),
    )


@school_view("letters.settings")
def type_create(request, access):
    return _type_page(request, access, None)


@school_view("letters.settings")
def type_edit(request, access, type_id):
    return _type_page(request, access, type_id)


def _type_page(request, access, type_id):
    letter_type = get_object_or_404(LetterType.objects.for_school(access.school), pk=type_id) if type_id else None
    form = forms.TypeForm(request.POST or None, instance=letter_type)
    return form_page(
        request,
        access,
        form,
        title=letter_type.name if letter_type else _("New letter type"),
        save=lambda form: services.type_save(
            school=access.school, user=request.user, letter_type=letter_type, data=form.cleaned_data
        ),
        done=("letters:settings", access.school.pk),
        template="placeholder_form.html",
        extra={"placeholders": placeholders.PLACEHOLDERS},
    )
