"""Part C of a report, the evaluation stage (MODEL.md §3): the rounds and what they found, the
observations, the obstacles and how they were handled, the recommendations and decisions, the
indicators against their targets and the health of each partnership."""

from collections import Counter

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mitra.documents.dates import long_date, short_date
from mitra.evaluation import kinds
from mitra.evaluation.partnership import health_of
from mitra.evaluation.results import indicator_progress, round_results
from mitra.evaluation.selectors import (
    actions_done,
    observation_figures,
    obstacles_in,
    recommendations_of_year,
    response_count,
    rounds_in,
    status_counts,
)
from mitra.partners.selectors import active_partners
from mitra.planning.committee import comments_of_year
from mitra.planning.committee import who as committee_who
from mitra.reports.blocks import Figure, Figures, Paragraph, Section, Subheading, Table
from mitra.reports.charts import Bar, Chart


def _fmt(scope, value) -> str:
    """Decimals as the report's language writes them: 3,25 in Bahasa Indonesia, 3.25 in English."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if scope.language == "en" else text.replace(".", ",")


def rounds_of(scope):
    return rounds_in(school=scope.school, start=scope.start, end=scope.end, partner=scope.partner)


def results(scope) -> Section:
    section = Section(_("Evaluation results"), level=2)
    rounds = list(rounds_of(scope))
    if not rounds:
        section.blocks.append(Paragraph(_("No evaluation round was opened in this period."), muted=True))
        return section
    summary = []
    for round_ in rounds:
        found = round_results(round_)
        rows = [row for s in found["sections"] for row in s["rows"]]
        # The round's mean rating: of the questions on the 1–4 scale (their kinds say so).
        ratings = [row for row in rows if kinds.get(row["kind"]).rated]
        means = [row["mean"] for row in ratings if row["mean"] is not None]
        overall = sum(means) / len(means) if means else None
        asked = sum(r["asked"] or 0 for r in found["rates"])
        summary.append(
            [
                round_.title,
                f"{short_date(round_.opens_on, scope.language)} – {short_date(round_.closes_on, scope.language)}",
                str(found["total"]) + (f" / {asked}" if asked else ""),
                _fmt(scope, overall),
            ]
        )
        section.blocks.append(Subheading(round_.title))
        facts = [
            _("%(n)s responses") % {"n": found["total"]},
            *(f"{r['label']}: {r['responses']}" + (f" / {r['asked']}" if r["asked"] else "") for r in found["rates"]),
        ]
        section.blocks.append(Paragraph(" · ".join(facts), muted=True))
        # What each kind of question says in a report (mitra/evaluation/kinds/), kind after kind.
        context = kinds.ReportContext(total=found["total"], language=scope.language, number=lambda v: _fmt(scope, v))
        for kind, grouped in kinds.report_groups(rows):
            section.blocks.extend(kind.report(grouped, context))
    section.blocks.insert(
        0,
        Table(
            [_("Round"), _("Dates"), _("Responses"), _("Mean rating")],
            summary,
            numeric={2, 3},
        ),
    )
    return section


def observations(scope) -> Section:
    section = Section(_("Observations"), level=2)
    figures = observation_figures(school=scope.school, start=scope.start, end=scope.end, activities=scope.activities())
    if not figures["n"]:
        section.blocks.append(Paragraph(_("No activity was observed in this period."), muted=True))
        return section
    section.blocks.append(
        Paragraph(
            ngettext(
                "%(n)s activity was observed by the team, scored from 1 (poor) to 4 (very good).",
                "%(n)s activities were observed by the team, each scored from 1 (poor) to 4 (very good).",
                figures["n"],
            )
            % figures
        )
    )
    section.blocks.append(
        Figure(
            Chart(
                _("Mean observation scores (1–4)"),
                [
                    Bar(
                        _("Involvement of school members"), figures["involvement"], _fmt(scope, figures["involvement"])
                    ),
                    Bar(_("Partner contribution"), figures["contribution"], _fmt(scope, figures["contribution"])),
                    Bar(_("Availability of facilities"), figures["facilities"], _fmt(scope, figures["facilities"])),
                ],
                scale_max=4,
            )
        )
    )
    return section


def obstacles_of(scope):
    return obstacles_in(
        school=scope.school,
        year=scope.year,
        start=scope.start,
        end=scope.end,
        semester=bool(scope.semester),
        partner=scope.partner,
    )


def obstacles(scope) -> Section:
    section = Section(_("Obstacles and how they were handled"), level=2)
    found = list(obstacles_of(scope))
    statuses = status_counts(found)
    section.blocks.append(
        Figures(
            [
                (str(len(found)), _("obstacles recorded")),
                (str(statuses["resolved"]), _("resolved")),
                (str(statuses["handling"]), _("being handled")),
                (str(statuses["open"]), _("still open")),
            ]
        )
    )
    categories = Counter(o.get_category_display() for o in found)
    if categories:
        section.blocks.append(
            Figure(Chart(_("Obstacles by category"), [Bar(str(label), n) for label, n in categories.most_common()]))
        )
    section.blocks.append(
        Table(
            [_("Obstacle"), _("Category"), _("Severity"), _("Status"), _("Response taken")],
            [
                [
                    o.title + (f" ({o.partner.name})" if o.partner_id and scope.partner is None else ""),
                    o.get_category_display(),
                    o.get_severity_display(),
                    o.get_status_display(),
                    o.response_taken or "–",
                ]
                for o in found
            ],
            empty=_("No obstacle was recorded in this period."),
        )
    )
    return section


def recommendations(scope) -> Section:
    section = Section(_("Recommendations and decisions"), level=2)
    found = recommendations_of_year(school=scope.school, year=scope.year, partner=scope.partner)
    rows = []
    for recommendation in found:
        actions = list(recommendation.actions.all())
        done = actions_done(actions)
        rows.append(
            [
                recommendation.partner.name,
                recommendation.get_decision_display(),
                recommendation.reasons,
                "; ".join(a.text for a in actions) or "–",
                f"{done} / {len(actions)}" if actions else "–",
            ]
        )
    section.blocks.append(
        Table(
            [_("Partnership"), _("Decision"), _("Reasons"), _("Actions for the next cycle"), _("Actions done")],
            rows,
            empty=_("No recommendation was made for this school year yet."),
        )
    )
    return section


def indicators(scope) -> Section:
    section = Section(_("Indicators: baseline, target and actual"), level=2)
    rows = []
    for row in indicator_progress(school=scope.school, year=scope.year):
        indicator = row["indicator"]
        rows.append(
            [
                indicator.name,
                indicator.unit,
                _fmt(scope, indicator.baseline),
                _fmt(scope, indicator.target),
                _fmt(scope, row["actual"]),
                "–" if row["progress"] is None else f"{_fmt(scope, row['progress'])}%",
            ]
        )
    section.blocks.append(
        Table(
            [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Actual"), _("Progress")],
            rows,
            empty=_("The plan of this school year has no indicators."),
            numeric={2, 3, 4, 5},
        )
    )
    return section


def health(scope) -> Section:
    section = Section(_("Health of the partnerships"), level=2)
    if scope.partner is not None:
        partners = [scope.partner]
    else:
        partners = list(active_partners(school=scope.school).order_by("name"))
    found = health_of(school=scope.school, partner_ids=[p.pk for p in partners], today=scope.as_of)
    rows = []
    for partner in partners:
        score = found[partner.pk]
        parts = {row["name"]: row["percent"] for row in score.rows()}
        rows.append(
            [partner.name, "–" if score.score is None else str(score.score)]
            + [
                "–" if parts[name] is None else str(parts[name])
                for name in ("regularity", "evaluation", "obstacles", "agreement", "documentation")
            ]
        )
    rows.sort(key=lambda r: (r[1] == "–", -int(r[1]) if r[1] != "–" else 0, r[0]))
    section.blocks.append(
        Table(
            [
                _("Partnership"),
                _("Score"),
                _("Regularity"),
                _("Evaluation"),
                _("Obstacles"),
                _("Agreement"),
                _("Documentation"),
            ],
            rows,
            empty=_("No active partnership."),
            numeric={1, 2, 3, 4, 5, 6},
        )
    )
    section.blocks.append(
        Paragraph(
            _("Each part is from 0 to 100 on %(day)s; the score is their mean over the parts that have data.")
            % {"day": long_date(scope.as_of, scope.language)},
            muted=True,
        )
    )
    return section


def evaluation_counts(scope) -> dict:
    rounds = rounds_of(scope)
    return {
        "rounds": rounds.count(),
        "responses": response_count(school=scope.school, rounds=rounds),
    }


def committee(scope) -> Section:
    """What the school committee said about the year's work plan and its accountability summary, as it
    was written (planning/committee.py)."""
    section = Section(_("The school committee's comments"), level=2)
    found = list(comments_of_year(school=scope.school, year=scope.year))
    if scope.semester == 1:  # the first semester's report: what was said by its end, not the year's later word
        found = [c for c in found if localtime(c.created_at).date() <= scope.end]
    section.blocks.append(
        Table(
            [_("Date"), _("On"), _("Whose words"), _("Comment")],
            [
                [
                    short_date(localtime(c.created_at).date(), scope.language),
                    c.get_about_display(),
                    committee_who(c),
                    c.text,
                ]
                for c in found
            ],
            empty=_("The school committee has not commented on this year's plan or summary in Mitra."),
        )
    )
    return section
