"""The partnership cycle of MODEL.md as the product's navigation: five sections, each a stage or
the written report, each with the steps a school works through."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mitra.schools.access import school_view


@dataclass(frozen=True)
class Step:
    title: str
    what: str


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    url_name: str
    summary: str
    steps: tuple[Step, ...]


STAGES = (
    Stage(
        "plan",
        _("Plan"),
        "planning:home",
        _(
            "Set goals grounded in values, map needs against partners' potential, choose partners fairly, "
            "write the work plan and explain it to everyone involved."
        ),
        (
            Step(
                _("Goals"),
                _("Goals from the school's vision and mission, each resting on values such as ta'awun and maslahah."),
            ),
            Step(
                _("Needs and partners' potential"),
                _("What the school needs, what each partner can offer, and which needs no one covers yet."),
            ),
            Step(_("Work plan"), _("Programmes, activities, owners, schedule and budget.")),
            Step(_("Agreement"), _("A written cooperation agreement with equal roles and clear duties.")),
            Step(_("Socialization"), _("Forums where goals, benefits and each party's role are explained (syura).")),
        ),
    ),
    Stage(
        "agree",
        _("Agree"),
        "agreements:home",
        _(
            "Memoranda of understanding, cooperation agreements and official letters, written and tracked until they end."
        ),
        (
            Step(_("Agreements"), _("MoU, PKS and IA with their parties, duties, benefits, signatories and dates.")),
            Step(_("Letters"), _("Numbered official letters to and from partners.")),
            Step(_("Renewals"), _("Which agreements expire soon, and which were renewed.")),
        ),
    ),
    Stage(
        "run",
        _("Run"),
        "activities:home",
        _(
            "Activities with partners by area, each leaving written evidence; the team and its rotation; every letter, meeting and message."
        ),
        (
            Step(_("Activities"), _("What was done with which partner, who took part, and the photo that shows it.")),
            Step(_("Team"), _("The partnership team, with teachers rotating through it.")),
            Step(
                _("Communication"),
                _("Letters, coordination meetings and WhatsApp messages, kept with the partnership."),
            ),
        ),
    ),
    Stage(
        "evaluate",
        _("Evaluate"),
        "evaluation:home",
        _(
            "An instrument set at the start of the year, observations, obstacles with their responses, and recommendations for the next cycle."
        ),
        (
            Step(_("Instrument"), _("Questions agreed at the start of the year, answered by everyone involved.")),
            Step(
                _("Observation"), _("Involvement of school members, partner contribution, facilities, obstacles met.")
            ),
            Step(_("Obstacles"), _("Each obstacle with its cause, the response taken and who owns it.")),
            Step(_("Recommendations"), _("What to carry into the next school year.")),
        ),
    ),
    Stage(
        "report",
        _("Report"),
        "reports:home",
        _(
            "Written reports that build themselves from what was recorded, for the committee, the foundation and accreditation."
        ),
        (
            Step(
                _("Annual report"),
                _("The year's goals, agreements, activities, evaluation and recommendations in one document."),
            ),
            Step(_("Dashboards"), _("The school's figures week by week, and the foundation's schools side by side.")),
            Step(_("Exports"), _("Every list as a spreadsheet; the school's whole data as one archive.")),
        ),
    ),
)

STAGES_BY_KEY = {stage.key: stage for stage in STAGES}


def stage_home(key: str):
    """The home page of one section: what the stage is for and the steps it holds."""
    stage = STAGES_BY_KEY[key]

    @school_view("school.view_cycle")
    def view(request, access):
        return render(request, "cycle/stage_home.html", {"access": access, "stage": stage, "stages": STAGES})

    view.__name__ = f"{key}_home"
    return view


# --- The navigation bar: the cycle's stages, as tabs on wide screens and a bar at the bottom on phones -------

NAV = (
    # (label, icon, the stage's page, other pages under the same stage)
    (_("Home"), "house", "reports:dashboard", ()),
    (_("Plan"), "clipboard-list", "planning:home", ()),
    (_("Agree"), "handshake", "agreements:home", ("letters:home",)),
    (pgettext_lazy("navigation", "Run"), "list-checks", "activities:home", ()),
    (_("Evaluate"), "chart-column", "evaluation:home", ()),
    (_("Report"), "file-text", "reports:home", ()),
    (_("Partners"), "users", "partners:list", ()),
)


def stage_nav(access, path: str) -> list[dict]:
    """The bar's entries for a school page: label, icon, address, and whether `path` is under it
    (the dashboard only on itself: every school page is under its address)."""
    entries = []
    for label, icon, url_name, others in NAV:
        url = reverse(url_name, args=[access.school.pk])
        under = [url, *(reverse(name, args=[access.school.pk]) for name in others)]
        current = path == url if url_name == "reports:dashboard" else any(path.startswith(u) for u in under)
        entries.append({"label": label, "icon": icon, "url": url, "current": current})
    return entries
