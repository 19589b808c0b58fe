"""What a round's answers say, item by item, computed by the database over the round's own rows.

For a rating or yes/no item: `answered` counts the answers on the scale, `dont_know` the "don't
know" answers, `missing` the responses that left it blank; the mean is over the scale only, and the
"don't know" share is dont_know / (answered + dont_know). Earlier rounds of the same instrument are
compared through the item's key, which stays the same when its words are edited."""

from collections import Counter, defaultdict
from decimal import Decimal
from functools import cached_property

from django.db.models import Avg, Count

from mitra.evaluation import kinds
from mitra.evaluation.kinds.base import round2 as _round2
from mitra.evaluation.kinds.base import share as _share
from mitra.evaluation.models import Answer, Group, Response, Round

TEXTS_SHOWN = 200


def response_rates(round_: Round) -> list[dict]:
    """Responses per group against how many were asked (the team: the people chosen)."""
    counts = dict(
        Response.objects.for_school(round_.school)
        .filter(round=round_)
        .values_list("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    labels = dict(Group.choices)
    rows = []
    for group in round_.audiences:
        asked = round_.respondents.count() if group == Group.TEAM else round_.expected.get(group)
        got = counts.get(group, 0)
        rows.append(
            {
                "group": group,
                "label": labels.get(group, group),
                "responses": got,
                "asked": asked,
                "rate": _share(got, asked) if asked else None,
            }
        )
    return rows


def _number_groups(answers, keys) -> dict[str, list[tuple]]:
    """For each item key: (number, dont_know, how many) of its answers, grouped, in one query; what
    `scale`, `distribution` and `answered` are told from (one read of the round's answers, not three)."""
    found = defaultdict(list)
    rows = (
        answers.filter(item_key__in=keys)
        .values("item_key", "number", "dont_know")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("item_key", "number", "dont_know", "n")
    )
    for key, number, dont_know, n in rows:
        found[key].append((number, dont_know, n))
    return found


def _scale_stats(groups: dict, keys) -> dict:
    """For each key answered at all: how many on the scale and "don't know"; the mean, lowest and
    highest of the scale (None without one). The mean is exact: the sum over the count, in decimals."""
    stats = {}
    for key in keys:
        if key not in groups:
            continue
        scale = [(number, n) for number, dont_know, n in groups[key] if not dont_know and number is not None]
        count = sum(n for _number, n in scale)
        stats[key] = {
            "n_scale": count,
            "n_dont_know": sum(n for _number, dont_know, n in groups[key] if dont_know),
            "mean": sum((Decimal(number) * n for number, n in scale), Decimal(0)) / count if count else None,
            "low": min((number for number, _n in scale), default=None),
            "high": max((number for number, _n in scale), default=None),
        }
    return stats


def _distribution(groups: dict, keys) -> dict:
    found = defaultdict(dict)
    for key in keys:
        for number, dont_know, n in groups.get(key, ()):
            if not dont_know and number is not None:
                found[key][int(number)] = found[key].get(int(number), 0) + n
    return found


def _values(answers, keys) -> dict:
    found = defaultdict(Counter)
    for row in answers.filter(item_key__in=keys).values("item_key", "text").annotate(n=Count("id")):
        found[row["item_key"]][row["text"]] += row["n"]
    return found


def _several(answers, keys) -> dict:
    found = defaultdict(Counter)
    for key, chosen in answers.filter(item_key__in=keys).values_list("item_key", "choices"):
        found[key].update(chosen or [])
    return found


def _answered(groups: dict, keys) -> dict:
    return {key: sum(n for _number, _dont_know, n in groups[key]) for key in keys if key in groups}


def _texts(answers, keys) -> dict:
    found = defaultdict(list)
    labels = dict(Group.choices)
    rows = answers.filter(item_key__in=keys).exclude(text="").order_by("-response__submitted_at", "-id")
    for answer in rows.values("item_key", "text", "response_id", "response__group")[: TEXTS_SHOWN * max(1, len(keys))]:
        if len(found[answer["item_key"]]) < TEXTS_SHOWN:
            found[answer["item_key"]].append({**answer, "group_label": labels.get(answer["response__group"], "")})
    return found


def earlier_means(round_: Round, keep: int = 6) -> dict[str, list[dict]]:
    """For each item key: its mean in the last `keep` earlier rounds of the same instrument, oldest
    first, in one query."""
    rows = (
        Answer.objects.for_school(round_.school)
        .filter(
            response__round__instrument_id=round_.instrument_id,
            response__round__opens_on__lt=round_.opens_on,
            dont_know=False,
            number__isnull=False,
        )
        .values("response__round_id", "response__round__title", "response__round__opens_on", "item_key")
        .annotate(mean=Avg("number"), n=Count("id"))
        .order_by("response__round__opens_on", "response__round_id")
    )
    means = defaultdict(list)
    for row in rows:
        means[row["item_key"]].append(
            {
                "id": row["response__round_id"],
                "title": row["response__round__title"],
                "opens_on": row["response__round__opens_on"],
                "mean": _round2(row["mean"]),
                "n": row["n"],
            }
        )
    return {key: found[-keep:] for key, found in means.items()}


class RoundAnswers:
    """What the database says of a round's answers, by item key: each figure a kind reads
    (kinds.base.READS) is asked once, for all the items whose kind reads it, when first wanted."""

    def __init__(self, answers, items: list[dict]):
        self.answers = answers
        self._keys = {read: [] for read in kinds.READS}
        for item in items:
            for read in kinds.get(item["kind"]).reads:
                self._keys[read].append(item["key"])

    @cached_property
    def _numbers(self) -> dict:
        keys = {key for read in ("scale", "distribution", "answered") for key in self._keys[read]}
        return _number_groups(self.answers, sorted(keys)) if keys else {}

    @cached_property
    def scale(self) -> dict:
        return _scale_stats(self._numbers, self._keys["scale"])

    @cached_property
    def distribution(self) -> dict:
        return _distribution(self._numbers, self._keys["distribution"])

    @cached_property
    def values(self) -> dict:
        return _values(self.answers, self._keys["values"])

    @cached_property
    def several(self) -> dict:
        return _several(self.answers, self._keys["several"])

    @cached_property
    def texts(self) -> dict:
        return _texts(self.answers, self._keys["texts"])

    @cached_property
    def answered(self) -> dict:
        return _answered(self._numbers, self._keys["answered"])


def round_results(round_: Round) -> dict:
    """Sections with each item's figures (each kind summarises its own: mitra/evaluation/kinds/), and
    the response rates."""
    answers = Answer.objects.for_school(round_.school).filter(response__round=round_)
    total = Response.objects.for_school(round_.school).filter(round=round_).count()
    found = RoundAnswers(answers, round_.version.items)
    earlier = earlier_means(round_)
    sections = []
    for section in round_.version.definition["sections"]:
        rows = []
        for item in section["items"]:
            key, kind = item["key"], item["kind"]
            row = {"item": item, "key": key, "kind": kind, "earlier": earlier.get(key, [])}
            row |= kinds.get(kind).summarise(item, found, total)
            rows.append(row)
        sections.append({"title": section["title"], "rows": rows})
    return {"total": total, "sections": sections, "rates": response_rates(round_)}


def indicator_progress(*, school, year) -> list[dict]:
    """The year's plan indicators: baseline, the actual value reached (summed over activities when
    measured after each activity, otherwise the latest one recorded) and the target, with the share
    of the way from baseline to target."""
    from mitra.planning.models import Plan

    if year is None:
        return []
    plan = Plan.objects.for_school(school).filter(academic_year=year).in_force().first()
    if plan is None:
        return []
    return progress_by_plan(schools=[school], plans=[plan]).get(plan.pk, [])


def progress_by_plan(*, schools, plans) -> dict[int, list[dict]]:
    """indicator_progress for several plans (of several schools) in two queries: plan id -> rows."""
    from mitra.activities.models import IndicatorResult
    from mitra.planning.models import Indicator

    indicators = list(Indicator.objects.for_schools(schools).filter(goal__plan__in=plans).select_related("goal"))
    results_by = defaultdict(list)
    for result in (
        IndicatorResult.objects.for_schools(schools)
        .filter(indicator__goal__plan__in=plans)
        .order_by("activity__start_date", "id")
        .values("indicator_id", "value")
    ):
        results_by[result["indicator_id"]].append(result["value"])
    by_plan = defaultdict(list)
    for indicator in indicators:
        values = results_by.get(indicator.pk, [])
        if not values:
            actual = None
        elif indicator.frequency == indicator.Frequency.ACTIVITY:
            actual = sum(values, Decimal(0))
        else:
            actual = values[-1]
        span = indicator.target - indicator.baseline
        progress = None
        if actual is not None and span:
            progress = max(Decimal(0), min(Decimal(100), _round2(Decimal(100) * (actual - indicator.baseline) / span)))
        elif actual is not None and indicator.direction == indicator.Direction.MAINTAIN:
            progress = Decimal(100) if actual == indicator.target else Decimal(0)
        by_plan[indicator.goal.plan_id].append(
            {"indicator": indicator, "actual": actual, "progress": progress, "n": len(values)}
        )
    return by_plan
