"""Answering by link, without an account: a small page for a phone on a weak connection. The link
is the only key; it names its round, so nothing in the form can point the answers elsewhere."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mitra.accounts import throttle
from mitra.evaluation import responses
from mitra.schools import submissions
from mitra.schools.pages import apply_error


@never_cache
@throttle.limit_failures("link", limit_setting="LINK_FAILURES_PER_MINUTE", failed=throttle.unknown_link)
def answer_by_link(request, token):
    try:
        link = responses.link_for(token)
    except responses.LinkRefused as refused:
        return render(request, "evaluation/public_refused.html", {"reason": refused.message}, status=refused.status)
    round_ = link.round
    form = responses.answer_form(round_, request.POST or None)
    context = {"round": round_, "link": link, "school": round_.school, "form": form, "signed_in": False}
    if request.method == "POST" and form.is_valid():
        try:
            responses.response_save(
                round_=round_, form=form, group=link.group, submission=submissions.token_of(request), link=link
            )
        except responses.LinkRefused as refused:
            return render(request, "evaluation/public_refused.html", {"reason": refused.message}, status=refused.status)
        except ValidationError as error:
            apply_error(form, error)
        else:
            return render(request, "evaluation/public_thanks.html", {**context, "token": token})
    context["submission"] = submissions.token_of(request) or submissions.new_token()
    return render(request, "evaluation/public_answer.html", context, status=400 if form.errors else 200)
