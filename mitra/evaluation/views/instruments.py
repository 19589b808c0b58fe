"""Instruments: the list, the builder (sections and questions) and a preview as respondents see it."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.evaluation import forms, instruments, selectors
from mitra.evaluation.models import FoundationInstrument, Item, Section
from mitra.evaluation.responses import AnswerForm
from mitra.history.selectors import page_history
from mitra.schools.access import school_view
from mitra.schools.pages import act, form_page


def _builder(instrument):
    return ("evaluation:instrument", instrument.school_id, instrument.pk)


@school_view("evaluation.view")
def instrument_list(request, access):
    if access.can("evaluation.manage"):
        instruments.ensure_defaults(access.school, request.user)
    context = {
        "access": access,
        "instruments": selectors.instruments_of(access=access),
        "shared": selectors.shared_not_copied(access=access),
    }
    return render(request, "evaluation/instruments.html", context)


@school_view("evaluation.manage")
@require_POST
def instrument_copy(request, access, source_id):
    source = get_object_or_404(
        FoundationInstrument, pk=source_id, foundation_id=access.school.foundation_id, is_published=True
    )
    instrument = instruments.foundation_copy(school=access.school, user=request.user, source=source)
    messages.success(request, _("Copied into the school's instruments; adapt it if needed."))
    return redirect(*_builder(instrument))


@school_view("evaluation.manage")
def instrument_create(request, access):
    form = forms.InstrumentForm(request.POST or None)
    return form_page(
        request,
        access,
        form,
        title=_("New instrument"),
        subtitle=_("Add its sections and questions on the next page."),
        save=lambda f: instruments.instrument_create(
            school=access.school, user=request.user, **f.cleaned_data, sections=[(_("Questions"), [])]
        ),
        done=_builder,
    )


@school_view("evaluation.view")
def instrument_detail(request, access, instrument_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    sections = list(instrument.sections.prefetch_related("items"))
    context = {
        "access": access,
        "instrument": instrument,
        "sections": sections,
        "versions": instrument.versions.annotate(round_n=Count("rounds")),
        "changed": instruments.has_changes_since_last_version(instrument),
        "rounds": selectors.rounds_of(access=access).filter(instrument=instrument)[:20],
        "section_form": forms.SectionForm(),
        "history": page_history(request, school=access.school, anchor=instrument),
    }
    return render(request, "evaluation/instrument.html", context)


@school_view("evaluation.manage")
def instrument_edit(request, access, instrument_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    form = forms.InstrumentForm(request.POST or None, instance=instrument)
    return form_page(
        request,
        access,
        form,
        title=instrument.title,
        save=lambda f: instruments.instrument_update(instrument=instrument, user=request.user, data=f.cleaned_data),
        done=_builder(instrument),
    )


@school_view("evaluation.view")
def instrument_preview(request, access, instrument_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    form = AnswerForm(definition=instruments.definition_of(instrument), ask_name=True)
    return render(request, "evaluation/preview.html", {"access": access, "instrument": instrument, "form": form})


@school_view("evaluation.manage")
@require_POST
def section_create(request, access, instrument_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    return act(
        request,
        lambda: instruments.section_save(instrument=instrument, user=request.user, title=request.POST.get("title", "")),
        _builder(instrument),
    )


def _section(access, instrument_id, section_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    return get_object_or_404(Section.objects.for_school(access.school), pk=section_id, instrument=instrument)


@school_view("evaluation.manage")
def section_edit(request, access, instrument_id, section_id):
    section = _section(access, instrument_id, section_id)
    form = forms.SectionForm(request.POST or None, initial={"title": section.title})
    return form_page(
        request,
        access,
        form,
        title=_("Section"),
        save=lambda f: instruments.section_save(
            instrument=section.instrument, user=request.user, title=f.cleaned_data["title"], section=section
        ),
        done=_builder(section.instrument),
    )


@school_view("evaluation.manage")
@require_POST
def section_delete(request, access, instrument_id, section_id):
    section = _section(access, instrument_id, section_id)
    return act(
        request, lambda: instruments.section_delete(section=section, user=request.user), _builder(section.instrument)
    )


def _item(access, instrument_id, item_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    return get_object_or_404(Item.objects.for_school(access.school), pk=item_id, instrument=instrument)


def _item_page(request, access, instrument, item=None):
    initial = {}
    section_id = request.GET.get("section", "")
    if item is None and section_id.isdigit():
        initial["section"] = int(section_id)
    form = forms.ItemForm(request.POST or None, instance=item, instrument=instrument, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Question") if item else _("New question"),
        subtitle=instrument.title,
        save=lambda f: instruments.item_save(instrument=instrument, user=request.user, item=item, data=f.cleaned_data),
        done=_builder(instrument),
    )


@school_view("evaluation.manage")
def item_create(request, access, instrument_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    return _item_page(request, access, instrument)


@school_view("evaluation.manage")
def item_edit(request, access, instrument_id, item_id):
    item = _item(access, instrument_id, item_id)
    return _item_page(request, access, item.instrument, item)


@school_view("evaluation.manage")
@require_POST
def item_delete(request, access, instrument_id, item_id):
    item = _item(access, instrument_id, item_id)
    return act(request, lambda: instruments.item_delete(item=item, user=request.user), _builder(item.instrument))


@school_view("evaluation.manage")
@require_POST
def item_move(request, access, instrument_id, item_id):
    item = _item(access, instrument_id, item_id)
    instruments.item_move(item=item, user=request.user, direction=request.POST.get("direction", "down"))
    return redirect(*_builder(item.instrument))
