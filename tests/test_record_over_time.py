"""The written record stays true over time: one school driven through random sequences of the real
services — plans drafted, revised and approved, items added, changed and removed, selections made,
activities measured against the plan, tasks, forums, agreements linked, next years started beside
the evaluation's decisions — and after every step the record is checked against what the machine
itself kept, and against the independent readers (dashboard, foundation row, API, report).

CI runs a bounded number of examples (MITRA_STATEFUL_EXAMPLES, default 12); bench/record_over_time
runs thousands by hand."""

import datetime
import os
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from mitra.accounts.models import ApiToken
from mitra.activities import services as activities
from mitra.activities.models import Evidence, IndicatorResult
from mitra.agreements import services as agreements
from mitra.agreements.models import Agreement
from mitra.evaluation import services as evaluation
from mitra.evaluation.results import indicator_progress
from mitra.planning import revisions, selectors, services
from mitra.planning.models import (
    Candidate,
    Criterion,
    Forum,
    Goal,
    Indicator,
    Need,
    Plan,
    PlannedActivity,
    Programme,
    Task,
)
from mitra.reports import foundation
from mitra.reports.scope import Kind, Scope
from mitra.reports.sections.evaluation import indicators as report_indicators
from mitra.reports.selectors import dashboard
from mitra.schools.access import access_for
from mitra.schools.models import AcademicYear
from tests.activities.test_evidence_kinds import PATHS, TYPES, _send, api_client
from tests.agreements.test_in_force import dashboard as agreements_dashboard
from tests.agreements.test_in_force import drafted, foundation_row, renewed, report_in_force, sign
from tests.conftest import school_year

EXAMPLES = int(os.environ.get("MITRA_STATEFUL_EXAMPLES", "12"))
STEPS = int(os.environ.get("MITRA_STATEFUL_STEPS", "25"))
RENDER_EVERY_STEP = os.environ.get("MITRA_STATEFUL_RENDER_EVERY_STEP") == "1"

SIGNED = ("signed", "terminated")
TODAY = datetime.date(2026, 3, 2)  # the day the readers are asked about: inside the school year 2025/2026
# The machine's clock: next year (2026/2027) has begun, so its draft can be measured against too. Fixed,
# so that an example replays the same whatever day it runs.
CLOCK = datetime.date(2026, 11, 2)
MISSION = ["Pendidikan bermutu", "Membangun citra sekolah"]
AMOUNTS = st.integers(min_value=0, max_value=200).map(Decimal)
DECISIONS = ["continue", "extend", "revise", "stop"]


def _day_in(year, data) -> datetime.date:
    span = (year.end_date - year.start_date).days
    return year.start_date + datetime.timedelta(days=data.draw(st.integers(0, span), label="day"))


class RecordOverTime(RuleBasedStateMachine):
    """The machine keeps its own account of what the school did; the invariants hold it against the
    database and the readers."""

    world = None  # set by the test before the machine runs

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        w = self.world
        self.school = type(w.a).objects.get(pk=w.a.pk)
        self.year = w.year
        self.coordinator, self.principal = w.users["coordinator"], w.users["principal"]
        self.partners = [w.partner, w.other_partner]
        self.criteria = list(Criterion.objects.for_school(self.school))
        # What the machine knows: per plan, the identities of its items; the measurements; the tasks;
        # the selections per plan; how many forums.
        self.items: dict[int, dict[type, set]] = {}
        for plan in Plan.objects.for_school(self.school):
            self.items[plan.pk] = {
                m: set(revisions.items_of(m, plan).values_list("identity", flat=True)) for m in revisions.ITEMS
            }
        self.measurements = []  # (indicator identity, value, day, result id)
        self.tasks = {
            t.pk: [t.activity.identity, "done" if t.done_at else "open"] for t in Task.objects.for_school(self.school)
        }
        self.forums = Forum.objects.for_school(self.school).count()
        self.selections: dict[int, dict] = defaultdict(dict)
        for c in Candidate.objects.for_school(self.school).select_related("need"):
            self.selections[c.need.plan_id][(c.need.identity, c.partner_id)] = (c.decision, c.reason)
        # Agreements, as the machine knows them: id -> start, end, termination day, renewal, replaced.
        self.agreements = {}
        for a in Agreement.objects.for_school(self.school).select_related("next_version"):
            next_signed = getattr(a, "next_version", None) is not None and a.next_version.stage in SIGNED
            self.agreements[a.pk] = {
                "signed": a.stage in SIGNED,
                "start": a.start_date,
                "end": a.end_date,
                "terminated_on": a.terminated_on if a.stage == "terminated" else None,
                "renewal": a.renewed_by_id,
                "replaced": next_signed,
            }
        self.evidence = Evidence.objects.for_school(self.school).count()
        self.steps = 0
        # Each example starts from the world's plan approved: the plan in force the school runs on.
        # (Read afresh: the world's objects in memory keep what an earlier example did to them.)
        plan = Plan.objects.for_school(self.school).get(pk=w.plan.pk)
        services.plan_submit(plan=plan, user=self.coordinator)
        services.plan_approve(plan=plan, user=self.principal)

    def teardown(self):
        try:
            if self.steps and not RENDER_EVERY_STEP:
                self._both_formats_render()
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # --- Reading the state --------------------------------------------------------------------------

    def plans(self, *statuses):
        return list(Plan.objects.for_school(self.school).filter(status__in=statuses).select_related("academic_year"))

    def drafts(self):
        return self.plans(Plan.Status.DRAFT)

    def in_force(self):
        return list(Plan.objects.for_school(self.school).in_force().select_related("academic_year"))

    def live(self, model):
        """Rows of the plans in force."""
        return list(model.objects.for_school(self.school).filter(**{f"{revisions.ITEMS[model]}__in": self.in_force()}))

    def _pick(self, data, rows, label):
        return data.draw(st.sampled_from(sorted(rows, key=lambda r: r.pk)), label=label)

    # --- Drafting ---------------------------------------------------------------------------------

    @precondition(lambda self: self.drafts())
    @rule(data=st.data(), frequency=st.sampled_from(["activity", "yearly"]), start=AMOUNTS, gain=st.integers(1, 100))
    def add_goal_with_indicator(self, data, frequency, start, gain):
        plan = self._pick(data, self.drafts(), "plan")
        goal = services.goal_save(
            plan=plan,
            user=self.coordinator,
            fields={"title": f"Tujuan {self.steps}", "serves": data.draw(st.sampled_from(MISSION))},
            values=[],
        )
        indicator = services.indicator_save(
            goal=goal,
            user=self.coordinator,
            fields={
                "name": f"Indikator {self.steps}",
                "baseline": start,
                "target": start + gain,
                "unit": "%",
                "direction": "increase",
                "frequency": frequency,
            },
        )
        self.items[plan.pk][Goal].add(goal.identity)
        self.items[plan.pk][Indicator].add(indicator.identity)

    @precondition(lambda self: self.drafts())
    @rule(data=st.data())
    def add_programme_with_activity(self, data):
        plan = self._pick(data, self.drafts(), "plan")
        goals = list(Goal.objects.for_school(self.school).filter(plan=plan))
        if not goals:
            return
        partners = data.draw(st.lists(st.sampled_from(self.partners), unique=True, max_size=2), label="partners")
        programme = services.programme_save(
            plan=plan,
            user=self.coordinator,
            fields={"name": f"Program {self.steps}"},
            goals=[self._pick(data, goals, "goal")],
            needs=[],
            partners=partners,
        )
        indicators = list(Indicator.objects.for_school(self.school).filter(goal__plan=plan))
        recurring = data.draw(st.booleans(), label="recurring")
        activity = services.activity_save(
            programme=programme,
            user=self.coordinator,
            fields={
                "title": f"Kegiatan {self.steps}",
                "schedule": "monthly" if recurring else "date",
                "start_date": plan.academic_year.start_date,
                "end_date": plan.academic_year.end_date if recurring else None,
                "budget": Decimal(0),
                "budget_source": "school",
            },
            indicators=data.draw(st.lists(st.sampled_from(indicators), unique=True, max_size=2)) if indicators else [],
        )
        self.items[plan.pk][Programme].add(programme.identity)
        self.items[plan.pk][PlannedActivity].add(activity.identity)

    @precondition(lambda self: self.drafts())
    @rule(data=st.data(), kind=st.sampled_from([Goal, Indicator, Programme, PlannedActivity, Need]))
    def remove_an_item(self, data, kind):
        plan = self._pick(data, self.drafts(), "plan")
        rows = list(revisions.items_of(kind, plan))
        if not rows:
            return
        row = self._pick(data, rows, "item")
        # A draft's own tasks (a first plan, in force before its approval) go with their activity.
        gone = [row.pk] if kind is PlannedActivity else []
        if kind is Programme:
            gone = list(row.activities.values_list("pk", flat=True))
        for task in Task.objects.for_school(self.school).filter(activity__in=gone):
            del self.tasks[task.pk]
        delete = {
            Goal: lambda: services.goal_delete(goal=row, user=self.coordinator),
            Indicator: lambda: services.indicator_delete(indicator=row, user=self.coordinator),
            Programme: lambda: services.programme_delete(programme=row, user=self.coordinator),
            PlannedActivity: lambda: services.activity_delete(activity=row, user=self.coordinator),
            Need: lambda: services.need_delete(need=row, user=self.coordinator),
        }[kind]
        try:
            delete()
        except ValidationError as refused:
            # Something was recorded against it (a draft in force: a first plan, next year's): it stays.
            assert refused.code == "recorded" and revisions.recorded_against(row)
            return
        # What went with it (cascades), as the database now holds the draft.
        self.items[plan.pk] = {
            m: set(revisions.items_of(m, plan).values_list("identity", flat=True)) for m in revisions.ITEMS
        }
        self.selections[plan.pk] = {
            k: v for k, v in self.selections[plan.pk].items() if k[0] in self.items[plan.pk][Need]
        }

    @precondition(lambda self: self.drafts())
    @rule(data=st.data(), new_target=st.integers(201, 400))
    def change_a_target(self, data, new_target):
        plan = self._pick(data, self.drafts(), "plan")
        rows = list(Indicator.objects.for_school(self.school).filter(goal__plan=plan))
        if rows:
            row = self._pick(data, rows, "indicator")
            fields = {f: getattr(row, f) for f in ("name", "baseline", "unit", "direction", "frequency")}
            services.indicator_save(
                goal=row.goal, user=self.coordinator, fields={**fields, "target": Decimal(new_target)}, indicator=row
            )

    @precondition(lambda self: self.drafts())
    @rule(data=st.data(), decision=st.sampled_from(["selected", "rejected", "pending"]))
    def select_a_partner(self, data, decision):
        plan = self._pick(data, self.drafts(), "plan")
        need = services.need_save(
            plan=plan,
            user=self.coordinator,
            fields={"title": f"Kebutuhan {self.steps}", "area": "health", "priority": 2},
        )
        self.items[plan.pk][Need].add(need.identity)
        partner = self._pick(data, self.partners, "partner")
        candidate = services.candidate_add(need=need, user=self.coordinator, partner=partner)
        self.items[plan.pk][Candidate].add(candidate.identity)
        reason = "" if decision == "pending" else f"Alasan {self.steps}"
        services.candidate_assess(
            candidate=candidate,
            user=self.coordinator,
            scores={c.pk: data.draw(st.integers(1, 5)) for c in self.criteria},
            decision=decision,
            reason=reason,
        )
        self.selections[plan.pk][(need.identity, partner.pk)] = (decision, reason)

    # --- The workflow -------------------------------------------------------------------------------

    @precondition(lambda self: self.drafts())
    @rule(data=st.data())
    def submit_and_approve(self, data):
        plan = self._pick(data, self.drafts(), "plan")
        if not Goal.objects.for_school(self.school).filter(plan=plan).exists():
            return
        earlier = (
            Plan.objects.for_school(self.school).filter(academic_year=plan.academic_year, status="approved").first()
        )
        services.plan_submit(plan=plan, user=self.coordinator)
        services.plan_approve(plan=plan, user=self.principal)
        if earlier is not None:
            removed = self.items[earlier.pk][PlannedActivity] - self.items[plan.pk][PlannedActivity]
            for task in self.tasks.values():
                if task[0] in removed and task[1] == "open":
                    task[1] = "ended"

    @precondition(lambda self: self.plans(Plan.Status.APPROVED))
    @rule(data=st.data())
    def start_a_revision(self, data):
        candidates = [
            p
            for p in self.plans(Plan.Status.APPROVED)
            if not Plan.objects.for_school(self.school)
            .filter(academic_year=p.academic_year, revision__gt=p.revision)
            .exists()
        ]
        if not candidates:
            return
        plan = self._pick(data, candidates, "plan")
        revision = services.plan_revise(plan=plan, user=self.coordinator)
        self.items[revision.pk] = {m: set(ids) for m, ids in self.items[plan.pk].items()}
        self.selections[revision.pk] = dict(self.selections[plan.pk])

    @precondition(lambda self: any(p.academic_year_id == self.year.pk for p in self.plans(Plan.Status.APPROVED)))
    @rule(data=st.data())
    def start_next_year_beside_the_decisions(self, data):
        following = AcademicYear.objects.for_school(self.school).filter(name="2026/2027").first()
        following = following or school_year(self.school, 2026)
        if Plan.objects.for_school(self.school).filter(academic_year=following).exists():
            return
        for partner in self.partners:
            evaluation.recommendation_save(
                school=self.school,
                user=self.principal,
                data={
                    "partner": partner,
                    "academic_year": self.year,
                    "decision": data.draw(st.sampled_from(DECISIONS), label="decision"),
                    "reasons": "Hasil evaluasi",
                },
            )
        plan = Plan.objects.for_school(self.school).get(academic_year=self.year, status="approved")
        stopped = {r.partner_id for r in evaluation_decisions(self.school, self.year) if r.decision == "stop"}
        new = services.plan_start_next_year(plan=plan, user=self.coordinator, academic_year=following)
        for programme in Programme.objects.for_school(self.school).filter(plan=new):
            partners = set(programme.partners.values_list("pk", flat=True))
            assert not partners & stopped, "a stopped partner was carried into next year's plan"
        self.items[new.pk] = {
            m: set(revisions.items_of(m, new).values_list("identity", flat=True)) for m in revisions.ITEMS
        }
        assert not any(self.items[new.pk][m] & self.items[plan.pk][m] for m in revisions.ITEMS)

    @precondition(lambda self: self.plans(Plan.Status.SUBMITTED) or self.drafts())
    @rule(data=st.data())
    def send_a_plan_back(self, data):
        plan = self._pick(data, self.drafts(), "plan")
        if not Goal.objects.for_school(self.school).filter(plan=plan).exists():
            return
        services.plan_submit(plan=plan, user=self.coordinator)
        services.plan_return(plan=plan, user=self.principal, comment="Tambahkan indikator kehadiran")
        assert Plan.objects.for_school(self.school).get(pk=plan.pk).status == Plan.Status.DRAFT

    @precondition(lambda self: self.plans(Plan.Status.SUPERSEDED))
    @rule(data=st.data())
    def start_next_year_from_a_replaced_revision(self, data):
        plan = self._pick(data, self.plans(Plan.Status.SUPERSEDED), "plan")
        year = AcademicYear.objects.for_school(self.school).filter(name="2030/2031").first()
        year = year or school_year(self.school, 2030)
        with pytest.raises(ValidationError):
            services.plan_start_next_year(plan=plan, user=self.coordinator, academic_year=year)

    # --- Running the plan ---------------------------------------------------------------------------

    @precondition(lambda self: self.live(Indicator))
    @rule(data=st.data(), value=AMOUNTS)
    def measure_an_indicator(self, data, value):
        indicator = self._pick(data, self.live(Indicator), "indicator")
        year = indicator.goal.plan.academic_year
        planned = [a for a in self.live(PlannedActivity) if a.programme.plan_id == indicator.goal.plan_id]
        chosen = self._pick(data, planned, "planned") if planned and data.draw(st.booleans()) else None
        # Done is done by today: a measurement of a year still to come waits.
        last = min(year.end_date, timezone.localdate())
        if last < year.start_date:
            return
        day = year.start_date + datetime.timedelta(days=data.draw(st.integers(0, (last - year.start_date).days)))
        activity = activities.activity_save(
            school=self.school,
            user=self.coordinator,
            data={
                "title": f"Kegiatan terlaksana {self.steps}",
                "status": "done",
                "start_date": day,
                "planned": chosen,
                "programme": chosen.programme if chosen else None,
            },
            partners=self.partners[:1],
            results={indicator: (value, "")},
        )
        result = activity.results.get()
        self.measurements.append((indicator.identity, value, day, result.pk))

    @precondition(lambda self: self.live(PlannedActivity))
    @rule(data=st.data())
    def add_a_task(self, data):
        activity = self._pick(data, self.live(PlannedActivity), "activity")
        task = services.task_add(
            activity=activity,
            user=self.coordinator,
            title=f"Tugas {self.steps}",
            assignee=self.world.users["team_member"],
            due_date=_day_in(activity.programme.plan.academic_year, data),
        )
        self.tasks[task.pk] = [activity.identity, "open"]

    @precondition(
        lambda self: (
            PlannedActivity.objects.for_school(self.school)
            .filter(programme__plan__status=Plan.Status.DRAFT)
            .exclude(programme__plan__in=self.in_force())
            .exists()
        )
    )
    @rule(data=st.data())
    def add_a_task_to_a_revision_in_the_making(self, data):
        drafts = [p for p in self.drafts() if p.pk not in {q.pk for q in self.in_force()}]
        rows = list(PlannedActivity.objects.for_school(self.school).filter(programme__plan__in=drafts))
        activity = self._pick(data, rows, "activity")
        with pytest.raises(ValidationError):
            services.task_add(
                activity=activity,
                user=self.coordinator,
                title="Tugas di draf",
                assignee=self.world.users["team_member"],
            )

    @precondition(lambda self: self.measurements)
    @rule(data=st.data(), value=st.one_of(st.none(), AMOUNTS))
    def correct_a_measurement(self, data, value):
        """The activity's page again: the value corrected, or emptied (the result removed)."""
        at = data.draw(st.integers(0, len(self.measurements) - 1), label="measurement")
        identity, _old, day, pk = self.measurements[at]
        result = IndicatorResult.objects.for_school(self.school).select_related("activity", "indicator").get(pk=pk)
        activity = result.activity
        fields = {f: getattr(activity, f) for f in ("title", "status", "start_date", "planned", "programme")}
        activities.activity_save(
            school=self.school,
            user=self.coordinator,
            data=fields,
            activity=activity,
            results={result.indicator: (value, "")},
        )
        if value is None:
            del self.measurements[at]
        else:
            self.measurements[at] = (identity, value, day, pk)

    @precondition(lambda self: any(state == "open" for _i, state in self.tasks.values()))
    @rule(data=st.data())
    def finish_a_task(self, data):
        pk = data.draw(st.sampled_from(sorted(pk for pk, (_i, s) in self.tasks.items() if s == "open")))
        services.task_toggle(task=Task.objects.for_school(self.school).get(pk=pk), user=self.coordinator)
        self.tasks[pk][1] = "done"

    @precondition(lambda self: self.in_force())
    @rule(data=st.data())
    def hold_a_forum(self, data):
        plan = self._pick(data, self.in_force(), "plan")
        programmes = list(Programme.objects.for_school(self.school).filter(plan=plan))
        services.forum_save(
            plan=plan,
            user=self.coordinator,
            fields={
                "title": f"Forum {self.steps}",
                "date": _day_in(plan.academic_year, data),
                "audiences": ["teachers"],
            },
            programmes=data.draw(st.lists(st.sampled_from(programmes), unique=True, max_size=2)) if programmes else [],
        )
        self.forums += 1

    @precondition(lambda self: self.live(Goal))
    @rule(data=st.data())
    def link_the_agreement(self, data):
        goals = data.draw(st.lists(st.sampled_from(self.live(Goal)), unique=True, max_size=2), label="goals")
        programmes = self.live(Programme)
        chosen = data.draw(st.lists(st.sampled_from(programmes), unique=True, max_size=2)) if programmes else []
        agreements.agreement_update(
            agreement=Agreement.objects.for_school(self.school).get(pk=self.world.agreement.pk),
            user=self.coordinator,
            data={},
            links={"goals": goals, "programmes": chosen},
        )

    # --- Agreements -------------------------------------------------------------------------------

    def _open_agreements(self):
        """Signed, not replaced, not renewed, not terminated: what can be renewed or ended."""
        return sorted(
            pk
            for pk, a in self.agreements.items()
            if a["signed"] and not a["replaced"] and a["renewal"] is None and a["terminated_on"] is None
        )

    @rule(
        data=st.data(),
        start=st.integers(-700, 400),
        length=st.integers(30, 1100),
        partner=st.sampled_from([0, 1]),
    )
    def sign_an_agreement(self, data, start, length, partner):
        first = TODAY + datetime.timedelta(days=start)
        last = first + datetime.timedelta(days=length)
        agreement = drafted(
            self.world, start=first, end=last, title=f"Kerja sama {self.steps}", partner=self.partners[partner]
        )
        sign(self.world, agreement, first - datetime.timedelta(days=10))
        self.agreements[agreement.pk] = {
            "signed": True,
            "start": first,
            "end": last,
            "terminated_on": None,
            "renewal": None,
            "replaced": False,
        }

    @precondition(lambda self: self._open_agreements())
    @rule(data=st.data(), timing=st.sampled_from(["early", "on time", "late"]), length=st.integers(30, 1100))
    def renew_an_agreement(self, data, timing, length):
        pk = data.draw(st.sampled_from(self._open_agreements()), label="agreement")
        known = self.agreements[pk]
        end = known["end"]
        if timing == "late":
            start = end + datetime.timedelta(days=data.draw(st.integers(1, 120), label="gap"))
            on = start
        else:
            start = end + datetime.timedelta(days=1)
            early = data.draw(st.integers(1, 200), label="days early") if timing == "early" else 0
            on = max(known["start"], end - datetime.timedelta(days=early))
        old = Agreement.objects.for_school(self.school).get(pk=pk)
        renewal = renewed(self.world, old, start=start, end=start + datetime.timedelta(days=length), on=on)
        known["renewal"] = renewal.pk
        self.agreements[renewal.pk] = {
            "signed": True,
            "start": start,
            "end": start + datetime.timedelta(days=length),
            "terminated_on": None,
            "renewal": None,
            "replaced": False,
        }

    @precondition(lambda self: self._open_agreements())
    @rule(data=st.data())
    def terminate_an_agreement(self, data):
        pk = data.draw(st.sampled_from(self._open_agreements()), label="agreement")
        known = self.agreements[pk]
        span = (known["end"] - known["start"]).days
        on = known["start"] + datetime.timedelta(days=data.draw(st.integers(0, span), label="day"))
        agreements.terminate(
            agreement=Agreement.objects.for_school(self.school).get(pk=pk),
            user=self.principal,
            on=on,
            reason="Mitra tidak lagi melaksanakan kewajibannya",
        )
        known["terminated_on"] = on

    @precondition(lambda self: self._open_agreements())
    @rule(data=st.data())
    def sign_an_addendum(self, data):
        pk = data.draw(st.sampled_from(self._open_agreements()), label="agreement")
        known = self.agreements[pk]
        old = Agreement.objects.for_school(self.school).get(pk=pk)
        addendum = agreements.new_version(agreement=old, user=self.principal)
        sign(self.world, addendum, known["start"])
        known["replaced"] = True
        self.agreements[addendum.pk] = {**known, "replaced": False}
        for other in self.agreements.values():  # a renewal of the old version now renews the addendum
            if other["renewal"] == pk:
                other["renewal"] = addendum.pk

    def _expected_in_force(self, day) -> int:
        """In force on `day`, by the machine's own account: from its start to its end or termination,
        until a signed renewal takes over at its own start."""

        def in_force(a) -> bool:
            if not a["signed"] or a["replaced"] or not a["start"] <= day <= a["end"]:
                return False
            if a["terminated_on"] is not None and a["terminated_on"] <= day:
                return False
            renewal = self.agreements.get(a["renewal"]) if a["renewal"] else None
            return not (renewal and renewal["signed"] and renewal["start"] <= day)

        return sum(in_force(a) for a in self.agreements.values())

    # --- Evidence ---------------------------------------------------------------------------------

    @rule(
        path=st.sampled_from(PATHS),
        ending=st.sampled_from(sorted(TYPES)),
        kind=st.sampled_from([None, *Evidence.Kind.values]),
    )
    def send_evidence(self, path, ending, kind):
        chosen = kind if path in ("form", "api") else None
        contradicts = chosen == Evidence.Kind.PHOTO and not TYPES[ending][1]
        before = Evidence.objects.for_school(self.school).count()
        try:
            _send(self.world, path, f"bukti{self.steps}.{ending}", chosen, self.clients)
        except ValidationError:
            assert contradicts, "a file was refused that the upload pipeline takes"
            return
        stored = Evidence.objects.for_school(self.school).count() - before
        assert stored == (0 if contradicts else 1), f"{path} {ending} {chosen}: {stored} stored"
        self.evidence += stored

    @property
    def clients(self):
        if not hasattr(self, "_clients"):
            member, partner = Client(), Client()
            member.force_login(self.world.users["team_member"])
            partner.force_login(self.world.users["partner_rep"])
            self._clients = {"member": member, "partner": partner, "api": api_client(self.world.users["team_member"])}
        return self._clients

    # --- Invariants ---------------------------------------------------------------------------------

    @invariant()
    def count_the_step(self):
        self.steps += 1

    @invariant()
    def each_live_item_once_and_nothing_orphaned(self):
        in_force = {p.pk for p in self.in_force()}
        years = [p.academic_year_id for p in self.in_force()]
        assert len(years) == len(set(years)), "two plans in force for one year"
        for model in revisions.ITEMS:
            path = revisions.ITEMS[model]
            rows = model.objects.for_school(self.school).values_list(
                "pk", "identity", f"{path}", f"{path}__status", "ended_at"
            )
            seen = set()
            for _pk, identity, plan_id, status, ended_at in rows:
                if plan_id in in_force:
                    assert (identity, plan_id) not in seen, f"{model.__name__} twice in the plan in force"
                    seen.add((identity, plan_id))
                    assert ended_at is None
                if ended_at is not None:
                    assert status == Plan.Status.SUPERSEDED
            live_rows = {pk for pk, _i, plan_id, _s, _e in rows if plan_id in in_force}
            ended_rows = {pk for pk, _i, _p, _s, ended in rows if ended is not None}
            for rel in revisions.carried_relations(model):
                if rel.many_to_many:
                    target = rel.field.m2m_reverse_field_name()
                    pointed = set(rel.through.objects.values_list(target, flat=True))
                else:
                    pointed = set(
                        rel.related_model._base_manager.filter(**{f"{rel.field.name}__isnull": False}).values_list(
                            rel.field.name, flat=True
                        )
                    )
                mine = pointed & set(model.objects.for_school(self.school).values_list("pk", flat=True))
                stray = mine - live_rows - ended_rows
                assert not stray, f"{rel.related_model.__name__}.{rel.field.name} left on replaced copies {stray}"
            offered = selectors.items_to_offer(model, school=self.school)
            identities = list(offered.values_list("identity", flat=True))
            assert len(identities) == len(set(identities)), f"{model.__name__} offered twice"
        for plan_id, expected in self.items.items():
            plan = Plan.objects.for_school(self.school).get(pk=plan_id)
            if plan.status == Plan.Status.SUPERSEDED:
                continue
            for model, identities in expected.items():
                found = set(revisions.items_of(model, plan).values_list("identity", flat=True))
                assert found == identities, f"{model.__name__} of {plan} changed behind the school's back"

    @invariant()
    def what_a_revision_left_out_is_ended_and_nothing_else(self):
        plans = {(p.academic_year_id, p.revision): p for p in Plan.objects.for_school(self.school)}
        for (year, revision), plan in plans.items():
            if plan.status != Plan.Status.SUPERSEDED:
                continue
            successor = plans[(year, revision + 1)]
            for model in revisions.ITEMS:
                kept = set(revisions.items_of(model, successor).values_list("identity", flat=True))
                for identity, ended_at in revisions.items_of(model, plan).values_list("identity", "ended_at"):
                    assert (ended_at is None) == (identity in kept), f"{model.__name__} of {plan}: ended wrongly"

    @invariant()
    def no_measurement_lost(self):
        results = {r.pk: r for r in IndicatorResult.objects.for_school(self.school).select_related("indicator")}
        recorded = {pk for *_rest, pk in self.measurements}
        assert recorded <= set(results), "a measurement disappeared"
        for identity, value, _day, pk in self.measurements:
            assert results[pk].indicator.identity == identity and results[pk].value == value

    @invariant()
    def every_reader_says_what_was_measured(self):
        for plan in self.in_force():
            expected = self._expected_actuals(plan)
            rows = indicator_progress(school=self.school, year=plan.academic_year)
            found = {row["indicator"].identity: row["actual"] for row in rows}
            assert found == expected, f"{plan}: the readers' actuals {found} are not the measurements {expected}"
            progress = {row["indicator"].identity: row["progress"] for row in rows}
            self._the_api_agrees(plan, found, progress)
            self._the_report_agrees(plan, rows)
            if plan.academic_year_id == self.year.pk:
                self._the_dashboards_agree(progress)
        if RENDER_EVERY_STEP:
            self._both_formats_render()

    @invariant()
    def tasks_forums_and_selections_are_kept(self):
        tasks = {t.pk: t for t in Task.objects.for_school(self.school).select_related("activity__programme__plan")}
        assert set(tasks) == set(self.tasks), "a task appeared or disappeared"
        in_force = {p.pk for p in self.in_force()}
        for pk, (identity, state) in self.tasks.items():
            task = tasks[pk]
            assert task.activity.identity == identity
            actual = "ended" if task.ended_at else "done" if task.done_at else "open"
            assert actual == state, f"task {task} is {actual}, expected {state}"
            # A task stays with its activity: in force, or ended by a revision (a done task stays done there).
            where = task.activity.programme.plan_id
            assert where in in_force or task.activity.ended_at, f"task {task} left on a replaced copy"
        assert not Task.objects.for_school(self.school).open().filter(activity__ended_at__isnull=False).exists()
        forums = Forum.objects.for_school(self.school)
        assert forums.count() == self.forums
        assert all(f.plan_id in in_force for f in forums), "a forum left on a replaced revision"
        for plan_id, expected in self.selections.items():
            plan = Plan.objects.for_school(self.school).get(pk=plan_id)
            if plan.status == Plan.Status.SUPERSEDED:
                continue
            found = {
                (c.need.identity, c.partner_id): (c.decision, c.reason)
                for c in Candidate.objects.for_school(self.school).filter(need__plan=plan).select_related("need")
            }
            assert {k: v for k, v in found.items() if k in expected} == expected, f"selections of {plan} lost"

    @invariant()
    def every_reader_counts_the_agreements_in_force(self):
        for day in (TODAY, TODAY + datetime.timedelta(days=200), TODAY - datetime.timedelta(days=200)):
            expected = self._expected_in_force(day)
            assert agreements_dashboard(self.world, day)[0] == expected, f"dashboard on {day}"
            assert foundation_row(self.world, day)["agreements"] == expected, f"foundation row on {day}"
        real_today = timezone.localdate()
        url = reverse("api:agreement_list", kwargs={"school_id": self.school.pk})
        listed = []
        while url:
            page = self.api.get(url).json()
            listed += page["results"]
            url = page.get("next")
        assert sum(a["in_force"] for a in listed) == self._expected_in_force(real_today), "API"

    @invariant()
    def evidence_is_shown_as_what_it_is(self):
        found = Evidence.objects.for_school(self.school).select_related("file")
        assert found.count() == self.evidence, "evidence appeared or disappeared"
        assert all(e.is_photo for e in found if e.kind == Evidence.Kind.PHOTO), "a non-picture kept as a photo"

    # --- The readers, each asked on its own ------------------------------------------------------------

    def _expected_actuals(self, plan) -> dict:
        indicators = {i.identity: i for i in Indicator.objects.for_school(self.school).filter(goal__plan=plan)}
        by_identity = defaultdict(list)
        for identity, value, day, pk in self.measurements:
            by_identity[identity].append((day, pk, value))
        expected = {}
        for identity, indicator in indicators.items():
            values = [v for _d, _pk, v in sorted(by_identity.get(identity, []))]
            if not values:
                expected[identity] = None
            elif indicator.frequency == "activity":
                expected[identity] = sum(values, Decimal(0))
            else:
                expected[identity] = values[-1]
        return expected

    def _the_api_agrees(self, plan, actuals, progress):
        url = reverse("api:indicator_list", kwargs={"school_id": self.school.pk, "plan_id": plan.pk})
        rows = self.api.get(url + "?page_size=500").json()["results"]
        assert {r["identity"]: (None if r["actual"] is None else Decimal(r["actual"])) for r in rows} == {
            str(k): v for k, v in actuals.items()
        }
        assert {r["identity"]: (None if r["progress"] is None else Decimal(r["progress"])) for r in rows} == {
            str(k): v for k, v in progress.items()
        }

    def _the_report_agrees(self, plan, rows):
        scope = Scope(access=self.access, kind=Kind.ANNUAL, year=plan.academic_year, language="en", today=TODAY)
        [table] = report_indicators(scope).blocks
        assert [r[0] for r in table.rows] == [row["indicator"].name for row in rows]
        for cells, row in zip(table.rows, rows, strict=True):
            assert cells[4] == ("–" if row["actual"] is None else _plain(row["actual"]))

    def _the_dashboards_agree(self, progress):
        shown = dashboard(access=self.access, today=TODAY)["indicators"]
        assert {row["indicator"].identity: row["progress"] for row in shown} == progress
        known = [p for p in progress.values() if p is not None]
        mean = round(sum(known) / len(known)) if known else None
        assert foundation._indicators_by_school([self.school])[self.school.pk] == mean

    def _both_formats_render(self):
        from mitra.reports import generate
        from tests.documents.reading import docx_text, pdf_text

        expected = str(self._expected_in_force(TODAY))
        assert report_in_force(self.world, self.year, TODAY) == (expected, expected), "the report's agreements"

        for plan in self.in_force():
            scope = Scope(access=self.access, kind=Kind.ANNUAL, year=plan.academic_year, language="id", today=TODAY)
            for file_format, read in (("docx", docx_text), ("pdf", pdf_text)):
                text = read(generate.make(scope, file_format).data)
                assert "Laporan Kemitraan Tahunan" in " ".join(text.split())

    @property
    def access(self):
        return access_for(self.principal, self.school.pk)

    @property
    def api(self):
        if not hasattr(self, "_api"):
            _token, raw = ApiToken.issue(user=self.principal, name=f"machine {id(self)}")
            self._api = Client(headers={"Authorization": f"Bearer {raw}"})
        return self._api


def evaluation_decisions(school, year):
    from mitra.evaluation.models import Recommendation

    latest = {}
    for r in Recommendation.objects.for_school(school).filter(academic_year=year).order_by("created_at", "id"):
        latest[r.partner_id] = r
    return latest.values()


def _plain(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text


@pytest.mark.django_db
def test_the_record_stays_true_over_revisions_and_years(run_world, settings_for_machine, monkeypatch):
    world = run_world
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, timezone=None: CLOCK if value is None else real(value, timezone)
    )
    # The world's draft plan for 2025/2026 is the starting point, with its one of everything.
    RecordOverTime.world = world
    try:
        run_state_machine_as_test(RecordOverTime, settings=settings_for_machine)
    finally:
        RecordOverTime.world = None


@pytest.fixture
def settings_for_machine():
    from hypothesis.database import DirectoryBasedExampleDatabase

    # CI keeps nothing between runs; bench/record_over_time keeps the failures it finds and replays them.
    kept = os.environ.get("MITRA_STATEFUL_DATABASE")
    return settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        database=DirectoryBasedExampleDatabase(kept) if kept else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
