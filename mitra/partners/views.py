from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.history import conflicts
from mitra.history.selectors import page_history, whole_history
from mitra.partners import selectors, services, timeline
from mitra.partners.forms import ContactForm, PartnerFilterForm, PartnerForm
from mitra.schools import submissions
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import apply_error, partial_page
from mitra.schools.templatetags.kept import parts_written_once


@school_view("partners.view")
def partner_list(request, access):
    filters = PartnerFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    partners = selectors.partner_list(access=access, **{k: v for k, v in criteria.items() if v})
    page, query = paginate(request, partners)
    context = {"filters": filters, "page": page, "query": query, "access": access}
    return partial_page(request, "partners/list.html", context)


@school_view("partners.edit")
def partner_create(request, access):
    form = PartnerForm(request.POST or None, school=access.school)
    if request.method == "POST":
        if submissions.already_saved(request):
            messages.info(request, _("This form was already sent; the partner was saved once."))
            return redirect("partners:list", school_id=access.school.pk)
        if form.is_valid():
            try:
                partner = services.partner_create(
                    school=access.school, user=request.user, fields=form.cleaned_data, potentials=form.potentials()
                )
            except ValidationError as error:
                apply_error(form, error)
            else:
                submissions.mark_saved(request)
                messages.success(request, _("Partner “%(name)s” was added.") % {"name": partner.name})
                return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)
    return render(
        request,
        "partners/form.html",
        {"form": form, "access": access, "submission": submissions.token_of(request) or submissions.new_token()},
    )


@school_view("partners.view")
def partner_detail(request, access, partner_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    # The timeline and the history are computed only when the page's kept parts are missing ({% kept %}).
    with parts_written_once():
        return render(
            request,
            "partners/detail.html",
            {
                "access": access,
                "partner": partner,
                "contacts": selectors.contacts_of(access=access, partner=partner),
                "potentials": selectors.potentials_of(access=access, partner=partner),
                "timeline": SimpleLazyObject(lambda: timeline.entries_for(access=access, partner=partner)),
                "figures": SimpleLazyObject(lambda: timeline.figures_for(access=access, partner=partner)),
                "whole_history": whole_history(request),  # the kept history part's key
                "history": SimpleLazyObject(lambda: page_history(request, school=access.school, anchor=partner))
                if access.can("history.view")
                else None,
            },
        )


@school_view("partners.edit")
def partner_edit(request, access, partner_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    current = {p.area: p.description for p in selectors.potentials_of(access=access, partner=partner)}
    form = PartnerForm(request.POST or None, school=access.school, instance=partner, potentials=current)
    if request.method == "POST" and form.is_valid():
        try:
            with conflicts.saving(form):
                services.partner_update(
                    partner=partner, user=request.user, fields=form.cleaned_data, potentials=form.potentials()
                )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Changes to “%(name)s” were saved.") % {"name": partner.name})
            return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)
    return render(request, "partners/form.html", {"form": form, "access": access, "partner": partner})


@school_view("partners.archive")
@require_POST
def partner_archive(request, access, partner_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    services.partner_archive(partner=partner, user=request.user)
    messages.success(
        request, _("“%(name)s” was archived. It stays in the history and can be restored.") % {"name": partner.name}
    )
    return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)


@school_view("partners.archive")
@require_POST
def partner_restore(request, access, partner_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    services.partner_restore(partner=partner, user=request.user)
    messages.success(request, _("“%(name)s” was restored.") % {"name": partner.name})
    return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)


@school_view("partners.edit")
def contact_create(request, access, partner_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if submissions.already_saved(request):
            messages.info(request, _("This form was already sent; the contact was saved once."))
            return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)
        if form.is_valid():
            contact = services.contact_create(partner=partner, user=request.user, fields=form.cleaned_data)
            submissions.mark_saved(request)
            messages.success(request, _("Contact “%(name)s” was added.") % {"name": contact.name})
            return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)
    return render(
        request,
        "partners/contact_form.html",
        {
            "form": form,
            "access": access,
            "partner": partner,
            "submission": submissions.token_of(request) or submissions.new_token(),
        },
    )


@school_view("partners.edit")
def contact_edit(request, access, partner_id, contact_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    contact = selectors.contact_get(access=access, partner=partner, contact_id=contact_id)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_update(contact=contact, user=request.user, fields=form.cleaned_data)
        messages.success(request, _("Contact “%(name)s” was saved.") % {"name": contact.name})
        return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)
    return render(
        request, "partners/contact_form.html", {"form": form, "access": access, "partner": partner, "contact": contact}
    )


@school_view("partners.edit")
@require_POST
def contact_delete(request, access, partner_id, contact_id):
    partner = selectors.partner_get(access=access, partner_id=partner_id)
    contact = selectors.contact_get(access=access, partner=partner, contact_id=contact_id)
    services.contact_delete(contact=contact, user=request.user)
    messages.success(request, _("Contact “%(name)s” was removed.") % {"name": contact.name})
    return redirect("partners:detail", school_id=access.school.pk, partner_id=partner.pk)
