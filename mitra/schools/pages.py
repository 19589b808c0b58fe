"""What most pages do with a form: show it, hand valid input to a service, and show the service's
refusal in the form (or as a message) without losing what the person typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from mitra.history import conflicts


def apply_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_page(request, access, form, *, title, save, done, subtitle="", template="form_page.html", extra=None):
    """Show `form`; on a valid POST call `save(form)` and go to `done`, or show what the service refused.
    `done` is redirect() arguments, or a function of what `save` returned that gives them."""
    if request.method == "POST" and form.is_valid():
        try:
            with conflicts.saving(form):
                saved = save(form)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(*(done(saved) if callable(done) else done))
    context = {"form": form, "access": access, "title": title, "subtitle": subtitle, **(extra or {})}
    return render(request, template, context)


def partial_page(request, template: str, context: dict, *, part: str = "results"):
    """A page of which htmx asks only one part (a list's results as its filters change): the part
    `#part` of `template` for an htmx request, the whole page otherwise (and when htmx restores a page
    from its history, which needs all of it). Always `Vary: HX-Request`, so that no cache hands the
    part to a browser that asked for the page, or the page to htmx."""
    if request.htmx and not request.htmx.history_restore_request:
        template += f"#{part}"
    response = TemplateResponse(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def refuse(request, form, done):
    """A small form posted from a detail page was invalid: say why on the page we return to."""
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(*done)


def act(request, action, done):
    """Run a POST-only action; a refusal becomes an error message on the page we return to."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(*done)
