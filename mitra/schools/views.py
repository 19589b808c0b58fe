from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.files import pipeline as files
from mitra.history.selectors import page_history
from mitra.schools import hooks, services
from mitra.schools.access import foundation_view, last_school, places_for, school_view
from mitra.schools.forms import AcademicYearForm, MemberForm, RoleForm, SchoolForm
from mitra.schools.listing import paginate, search_text
from mitra.schools.models import AcademicYear, Invitation, Membership
from mitra.schools.selectors import foundation_schools, member_search


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def home(request):
    """Send people where they work: their one school, their foundation, or a choice."""
    places = places_for(request.user)
    schools, foundations = places["schools"], places["foundations"]
    waiting = list(services.open_invitations_of(request.user))
    if waiting:  # answered first: the choice of places follows on the same page
        return render(request, "schools/places.html", {"places": places, "invitations": waiting})
    if foundations and len(foundations) == 1 and not request.user.memberships.filter(is_active=True).exists():
        return redirect("foundations:overview", foundation_id=foundations[0].pk)
    if len(schools) == 1 and not foundations:
        return redirect("reports:dashboard", school_id=schools[0].pk)
    if len(schools) > 1 and (remembered := last_school(request)):  # where this person last worked here
        return redirect("reports:dashboard", school_id=remembered)
    return render(request, "schools/places.html", {"places": places})


@login_required
def invitations(request):
    """The invitations waiting for this person's answer."""
    return render(request, "schools/invitations.html", {"invitations": services.open_invitations_of(request.user)})


@login_required
@require_POST
def invitation_answer(request, invitation_id, answer):
    if answer not in ("accept", "decline"):
        raise Http404
    invitation = get_object_or_404(Invitation.objects.filter(user=request.user), pk=invitation_id)
    try:
        membership = services.invitation_answer(invitation=invitation, user=request.user, accept=answer == "accept")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("invitations")
    if membership is None:
        messages.success(request, _("You declined the invitation of %(school)s.") % {"school": invitation.school.name})
        return redirect("invitations")
    messages.success(
        request,
        _("You joined %(school)s as %(role)s.")
        % {"school": invitation.school.name, "role": membership.get_role_display()},
    )
    return redirect("reports:dashboard", school_id=invitation.school_id)


@school_view("school.view_cycle")
def school_profile(request, access):
    return render(
        request,
        "schools/profile.html",
        {
            "access": access,
            "school": access.school,
            "history": page_history(request, school=access.school, anchor=access.school),
        },
    )


@school_view("school.edit_profile")
def school_edit(request, access):
    form = SchoolForm(request.POST or None, request.FILES or None, instance=access.school)
    if request.method == "POST" and form.is_valid():
        services.school_update(
            school=access.school,
            user=request.user,
            fields=form.cleaned_data,
            logo=form.cleaned_data["logo_upload"],
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("The school profile was saved."))
        return redirect("schools:profile", school_id=access.school.pk)
    return render(request, "form_page.html", {"form": form, "access": access, "title": _("Edit school profile")})


@school_view("school.view")
def school_logo(request, access):
    if access.school.logo is None:
        raise Http404
    return files.serve(access.school.logo, inline=True)


@school_view("school.view_cycle")
def year_list(request, access):
    years = AcademicYear.objects.for_school(access.school)
    return render(request, "schools/years.html", {"access": access, "years": years})


def _year_form_page(request, access, year=None):
    initial = None
    if year is None:
        latest = AcademicYear.objects.for_school(access.school).first()
        start = latest.start_date.year + 1 if latest else (timezone.localdate().year - (timezone.localdate().month < 7))
        initial = services.default_year_dates(start)
    form = AcademicYearForm(request.POST or None, instance=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.year_save(school=access.school, user=request.user, fields=form.cleaned_data, year=year)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("School year %(name)s was saved.") % {"name": form.cleaned_data["name"]})
            return redirect("schools:years", school_id=access.school.pk)
    title = _("Edit school year") if year else _("New school year")
    return render(request, "form_page.html", {"form": form, "access": access, "title": title})


@school_view("school.manage_years")
def year_create(request, access):
    return _year_form_page(request, access)


@school_view("school.manage_years")
def year_edit(request, access, year_id):
    year = get_object_or_404(AcademicYear.objects.for_school(access.school), pk=year_id)
    return _year_form_page(request, access, year)


@school_view("school.manage_years")
@require_POST
def year_set_current(request, access, year_id):
    year = get_object_or_404(AcademicYear.objects.for_school(access.school), pk=year_id)
    services.year_set_current(year=year, user=request.user)
    messages.success(request, _("%(name)s is now the current school year.") % {"name": year.name})
    return redirect("schools:years", school_id=access.school.pk)


def _memberships(access):
    return Membership.objects.filter(school=access.school).select_related("user", "partner")


def _member_or_404(access, member_id) -> Membership:
    return get_object_or_404(_memberships(access), pk=member_id)


def _partners(access):
    return hooks.representable_partners(access.school)


@school_view("school.view_members")
def member_list(request, access):
    q = search_text(request.GET)
    page, query = paginate(request, member_search(access=access, q=q))
    waiting = services.open_invitations(school=access.school).select_related("invited_by", "partner")
    context = {"access": access, "page": page, "query": query, "q": q, "invitations": waiting}
    return render(request, "schools/members.html", context)


@school_view("school.manage_members")
def member_invite(request, access):
    form = MemberForm(request.POST or None, partners=_partners(access), roles=access.grantable_roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_invite(
                access=access,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                partner=data["partner"],
                request_base=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. They join the school when they accept it.")
                % {"email": data["email"]},
            )
            return redirect("schools:members", school_id=access.school.pk)
    return render(request, "form_page.html", {"form": form, "access": access, "title": _("Invite a person")})


@school_view("school.manage_members")
def member_edit(request, access, member_id):
    membership = _member_or_404(access, member_id)
    if not access.may_grant(membership.role):
        raise PermissionDenied("schools.grant")
    form = RoleForm(
        request.POST or None,
        partners=_partners(access),
        roles=access.grantable_roles,
        initial={"role": membership.role, "partner": membership.partner_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_change_role(
                membership=membership,
                access=access,
                role=form.cleaned_data["role"],
                partner=form.cleaned_data["partner"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The role of %(name)s was changed.") % {"name": membership.user})
            return redirect("schools:members", school_id=access.school.pk)
    title = _("Role of %(name)s") % {"name": membership.user}
    return render(request, "form_page.html", {"form": form, "access": access, "title": title})


@school_view("school.manage_members")
@require_POST
def member_deactivate(request, access, member_id):
    membership = _member_or_404(access, member_id)
    try:
        services.member_deactivate(membership=membership, access=access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s no longer has access to this school.") % {"name": membership.user})
    return redirect("schools:members", school_id=access.school.pk)


@school_view("school.manage_members")
@require_POST
def member_reactivate(request, access, member_id):
    membership = _member_or_404(access, member_id)
    try:
        services.member_reactivate(membership=membership, access=access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s has access to this school again.") % {"name": membership.user})
    return redirect("schools:members", school_id=access.school.pk)


@school_view("school.manage_members")
@require_POST
def invitation_withdraw(request, access, invitation_id):
    invitation = get_object_or_404(Invitation.objects.filter(school=access.school), pk=invitation_id)
    try:
        services.invitation_withdraw(invitation=invitation, access=access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("schools:members", school_id=access.school.pk)


@foundation_view("foundation.view")
def foundation_overview(request, access):
    q = search_text(request.GET)
    schools = foundation_schools(foundation=access.foundation, q=q).annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True), distinct=True)
    )
    page, query = paginate(request, schools)
    partner_counts = hooks.partner_counts(page.object_list)
    rows = [{"school": s, "members": s.member_count, "partners": partner_counts.get(s.pk, 0)} for s in page]
    context = {"foundation_access": access, "rows": rows, "page": page, "query": query, "q": q}
    return render(request, "schools/foundation.html", context)


@foundation_view("foundation.manage_schools")
def foundation_school_create(request, access):
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = services.school_create(foundation=access.foundation, user=request.user, fields=form.cleaned_data)
        messages.success(request, _("School “%(name)s” was added.") % {"name": school.name})
        return redirect("foundations:overview", foundation_id=access.foundation.pk)
    return render(request, "form_page.html", {"form": form, "foundation_access": access, "title": _("Add a school")})
