"""Freshness per kind of data (mitra/schools/freshness.py): a write marks the kind it changes, and a
kept part is computed again only after a write of a kind it shows; the foundation figures likewise."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.template import Template, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from mitra.activities.models import Activity
from mitra.agreements.models import Agreement
from mitra.evaluation.models import Round
from mitra.history.models import Change
from mitra.history.services import record
from mitra.letters.models import Letter
from mitra.partners.models import Partner
from mitra.planning.models import Plan
from mitra.reports import foundation
from mitra.reports.models import SchoolSummary
from mitra.schools import freshness
from mitra.schools.models import AcademicYear, Mark, School
from mitra.schools.tasks import prune_freshness_marks
from mitra.schools.templatetags.kept import KeptNode

A_ROW_OF = {
    freshness.ACTIVITIES: Activity,
    freshness.PARTNERS: Partner,
    freshness.AGREEMENTS: Agreement,
    freshness.EVALUATION: Round,
    freshness.PLAN: Plan,
    freshness.LETTERS: Letter,
    freshness.SCHOOL: School,
    freshness.YEAR: AcademicYear,
}


def _recorded_write(world, kind: str) -> None:
    """A recorded write of one kind of the school's data, through the history's one door."""
    model = A_ROW_OF[kind]
    row = world.a if model is School else model.objects.for_school(world.a).first()
    assert row is not None, f"the world has no {model.__name__}"
    record(user=world.users["coordinator"], obj=row, action=Change.Action.UPDATE, extra={"note": ["", kind]})


def _kept_names() -> set[str]:
    keys = connection.cursor()
    keys.execute("SELECT cache_key FROM mitra_fragments")
    return {key for (key,) in keys.fetchall()}


def _parts_computed(client, url, before: set[str]) -> set[str]:
    assert client.get(url).status_code == 200
    new = _kept_names() - before
    return {key.split("template.cache.school:")[1].split(".")[0] for key in new}


def _dashboard_parts() -> dict[str, tuple[str, ...]]:
    nodes = get_template("reports/dashboard.html").template.nodelist.get_nodes_by_type(KeptNode)
    return {node.name: node.kinds for node in nodes}


@pytest.mark.parametrize("kind", freshness.KINDS)
def test_a_write_of_one_kind_recomputes_only_the_dashboard_parts_that_show_it(client, evaluation_world, kind):
    world = evaluation_world
    url = reverse("reports:dashboard", args=[world.a.pk])
    client.force_login(world.users["coordinator"])
    parts = _dashboard_parts()
    assert _parts_computed(client, url, set()) == set(parts)  # the first visit computes every part
    assert _parts_computed(client, url, _kept_names()) == set()  # then reads every part back

    _recorded_write(world, kind)
    assert Mark.objects.for_school(world.a).filter(kind=kind).exists()
    shown = {name for name, kinds in parts.items() if kind in kinds}
    computed = _parts_computed(client, url, _kept_names())
    assert computed == shown
    assert set(parts) - computed, "some part does not show this kind and is read back"


def test_a_recorded_activity_changes_the_activity_parts_and_not_the_partner_list(client, evaluation_world):
    from mitra.activities import services as activities

    world = evaluation_world
    client.force_login(world.users["coordinator"])
    dashboard = reverse("reports:dashboard", args=[world.a.pk])
    partners = reverse("partners:list", args=[world.a.pk])
    client.get(dashboard), client.get(partners)
    before = _kept_names()
    activities.quick_record(
        school=world.a, user=world.users["coordinator"], partner=world.partner, sentence="Senam pagi bersama"
    )
    assert _parts_computed(client, partners, before) == set()
    computed = _parts_computed(client, dashboard, before)
    assert {"dashboard-next", "dashboard-stats", "dashboard-activities", "dashboard-recent"} <= computed
    assert "dashboard-partner-kinds" not in computed and "dashboard-agreements" not in computed
    assert "Senam pagi bersama" in client.get(dashboard).content.decode()  # in the recent changes


def test_an_anonymous_answer_marks_evaluation(client, evaluation_world):
    from django.http import QueryDict

    from mitra.evaluation import responses
    from tests.conftest import parent_answers

    world = evaluation_world
    round_ = world.round
    url = reverse("evaluation:round", args=[world.a.pk, round_.pk])
    client.force_login(world.users["coordinator"])
    client.get(url)
    before = _kept_names()
    assert _parts_computed(client, url, before) == set()
    marks = Mark.objects.for_school(world.a).filter(kind=freshness.EVALUATION).count()
    changes = Change.objects.for_school(world.a).count()

    data = QueryDict(mutable=True)
    for name, value in parent_answers(round_.version, rating="4").items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = responses.answer_form(round_, data)
    assert form.is_valid(), form.errors
    responses.response_save(round_=round_, form=form, group="parents", submission="anonymous-1")

    assert Change.objects.for_school(world.a).count() == changes  # no history: it may be anonymous
    assert Mark.objects.for_school(world.a).filter(kind=freshness.EVALUATION).count() == marks + 1
    assert _parts_computed(client, url, before) == {"round-head", "round-results"}  # both show evaluation


def test_the_prune_keeps_the_latest_mark_of_each_kind(evaluation_world):
    world = evaluation_world
    for kind in (freshness.ACTIVITIES, freshness.PARTNERS):
        for _ in range(3):
            freshness.mark(world.a.pk, kind)
    freshness.mark(world.b.pk, freshness.ACTIVITIES)
    Mark.all_schools.update(at=timezone.now() - datetime.timedelta(days=2))
    freshness.mark(world.a.pk, freshness.ACTIVITIES)  # of today, like the two below
    freshness.mark(world.b.pk, freshness.PARTNERS)
    freshness.mark(world.b.pk, freshness.PARTNERS)
    schools = list(School.objects.values_list("pk", flat=True))
    latest = {school: freshness.latest(school) for school in schools}

    assert prune_freshness_marks.call() > 0
    assert {school: freshness.latest(school) for school in schools} == latest  # what every key reads
    left = Mark.all_schools.values_list("school_id", "kind")
    for school in schools:
        for kind in freshness.KINDS:
            n = left.filter(school_id=school, kind=kind).count()
            assert n == (2 if (school, kind) == (world.b.pk, freshness.PARTNERS) else int(bool(latest[school][kind])))
    assert not Mark.all_schools.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).exclude(
        id__in=[mark for marks in latest.values() for mark in marks.values() if mark]
    )


def test_a_kept_part_names_the_kinds_it_shows_when_compiled():
    with pytest.raises(TemplateSyntaxError, match="kinds"):
        Template('{% load kept %}{% kept "x" %}{% endkept %}')
    with pytest.raises(TemplateSyntaxError, match="unknown kinds"):
        Template('{% load kept %}{% kept "x" kinds="activities weather" %}{% endkept %}')
    node = Template('{% load kept %}{% kept "x" kinds="partners activities" a %}{% endkept %}').nodelist[-1]
    assert node.kinds == ("activities", "partners") and len(node.vary_on) == 1
    assert Template('{% load kept %}{% kept "x" kinds="any" %}{% endkept %}').nodelist[-1].kinds == freshness.KINDS


def test_the_kind_of_a_write_is_told_by_its_app():
    from mitra.agreements.models import Party
    from mitra.files.models import StoredFile
    from mitra.partners.models import Contact
    from mitra.planning.models import Task
    from mitra.schools.models import Membership

    assert freshness.kinds_of(Contact) == (freshness.PARTNERS,)
    assert freshness.kinds_of(Party) == (freshness.AGREEMENTS,)
    assert freshness.kinds_of(Task) == (freshness.PLAN,)
    assert freshness.kinds_of(Membership) == (freshness.SCHOOL,)
    assert freshness.kinds_of(AcademicYear) == (freshness.YEAR,)  # apart from the rest of its app
    assert freshness.kinds_of(StoredFile) == freshness.KINDS  # an app not named marks every kind


def test_a_new_current_year_recomputes_what_tests_the_year_and_a_profile_change_does_not(client, evaluation_world):
    """The parts that show the current year's figures are kept by the year kind: setting another year
    current (through the service, which records it under the school) changes them; editing the
    school's profile changes only the head, what to do next and the figures (the team's count)."""
    from mitra.schools import services

    world = evaluation_world
    url = reverse("reports:dashboard", args=[world.a.pk])
    client.force_login(world.users["principal"])
    assert "dashboard-health" in _parts_computed(client, url, set())
    year = services.current_year(world.a)
    services.school_update(school=world.a, user=world.users["principal"], fields={"region": "Kab. Pekalongan"})
    assert _parts_computed(client, url, _kept_names()) == {
        "dashboard-head",
        "dashboard-next",
        "dashboard-stats",
        "dashboard-recent",
    }

    before = _kept_names()
    fields = {**services.default_year_dates(year.start_date.year + 1), "is_current": True}
    new = services.year_save(school=world.a, user=world.users["principal"], fields=fields)
    # Every part that shows the current year's figures (or the school's), written out: not read from
    # the template's own kinds, so that a part that forgets the year is caught.
    assert _parts_computed(client, url, before) == {
        "dashboard-head",
        "dashboard-next",
        "dashboard-stats",  # it counts the team, and a year is recorded under the school
        "dashboard-activities",
        "dashboard-coverage",
        "dashboard-overdue",
        "dashboard-indicators",
        "dashboard-recent",
    }
    assert f"Tahun pelajaran {new.name}" in client.get(url).content.decode()


def test_a_change_of_the_partner_itself_leaves_its_timeline_and_journal_kept(client, evaluation_world):
    """The timeline and the journal show what the stages wrote with the partner, nothing of the
    partner's own record: its name or contacts changed, they are read back; an activity with it
    computes them again."""
    from mitra.activities import services as activities

    world = evaluation_world
    client.force_login(world.users["coordinator"])
    page = reverse("partners:detail", args=[world.a.pk, world.partner.pk])
    journal = reverse("evaluation:journal", args=[world.a.pk, world.partner.pk])
    client.get(page), client.get(journal)
    record(user=world.users["coordinator"], obj=world.partner, action=Change.Action.UPDATE, extra={"note": ["", "x"]})
    assert _parts_computed(client, page, _kept_names()) == {"partner", "partner-history"}
    assert _parts_computed(client, journal, _kept_names()) == set()

    activities.quick_record(
        school=world.a, user=world.users["coordinator"], partner=world.partner, sentence="Pemeriksaan gigi massal"
    )
    assert _parts_computed(client, page, _kept_names()) == {"partner-timeline"}
    assert _parts_computed(client, journal, _kept_names()) == {"journal"}
    assert "Pemeriksaan gigi massal" in client.get(page).content.decode()


def test_the_foundation_figures_go_stale_by_the_kinds_they_show(evaluation_world):
    world = evaluation_world
    today = timezone.localdate()
    schools = School.objects.filter(foundation=world.a.foundation)

    def keep():
        return foundation.summaries.keep_fresh(
            schools, today=today, table=foundation.FIGURES, fields=foundation.ROW_FIELDS
        )

    assert keep() == schools.count()
    assert keep() == 0

    for kind in (freshness.LETTERS, freshness.SCHOOL):  # letters, the profile and team: not among the figures
        _recorded_write(world, kind)
        assert keep() == 0
    _recorded_write(world, freshness.PARTNERS)
    before = SchoolSummary.objects.for_school(world.a).get().mark
    assert keep() == 1  # that school only
    assert SchoolSummary.objects.for_school(world.a).get().mark > before


def _while_committed_out_of_order(world, change, kind, later_kind, read):
    """PostgreSQL: T1 makes `change` and marks `kind`; T2 marks `later_kind` with a larger id and commits
    first; `read()` runs while T1 is not yet committed, and what it returned is returned once T1 has."""
    inserted, committed, done = threading.Event(), threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            change()
            freshness.mark(world.a.pk, kind)
            inserted.set()
            done.wait(20)  # commits only after the reader kept its copy
        connection.close()

    def second():
        inserted.wait(20)
        with transaction.atomic():
            freshness.mark(world.a.pk, later_kind)  # a larger id, committed first
        committed.set()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert committed.wait(20)
    before = read()
    done.set()
    for thread in threads:
        thread.join(20)
    return before


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite takes one writer; ids commit in order")
@pytest.mark.django_db(transaction=True)
def test_a_partner_change_committed_after_a_plan_change_still_reaches_the_foundation_figures(world):
    """PostgreSQL: T1 changes a partner and draws a mark id; T2 marks the plan with a larger one and
    commits first; the foundation's figures are computed again for the plan only (the partners as
    kept), under T2's id. When T1 commits, its partners must be counted: computing a part only must
    not leave T1's change behind."""
    today = timezone.localdate()
    schools = School.objects.filter(foundation=world.a.foundation)

    def partners_of_a() -> int:
        foundation.summaries.keep_fresh(schools, today=today, table=foundation.FIGURES, fields=foundation.ROW_FIELDS)
        return SchoolSummary.objects.for_school(world.a).get().figures["partners"]

    assert partners_of_a() == 1  # the world's one active partner

    def change():
        Partner.objects.for_school(world.a).filter(pk=world.other_partner.pk).update(status=Partner.Status.ACTIVE)

    before = _while_committed_out_of_order(world, change, freshness.PARTNERS, freshness.PLAN, partners_of_a)
    assert before == 1
    assert partners_of_a() == 2


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite takes one writer; ids commit in order")
@pytest.mark.django_db(transaction=True)
def test_a_mark_committed_after_a_larger_one_still_moves_the_kept_page_on(client, world):
    """PostgreSQL: T1 draws a mark id, T2 a larger one and commits first; a reader keeps the page
    under T2's id without T1's change. When T1 commits, the page must be computed again."""
    url = reverse("partners:list", args=[world.a.pk])
    client.force_login(world.users["coordinator"])
    client.get(url)

    def change():
        Partner.objects.for_school(world.a).filter(pk=world.partner.pk).update(name="Aaa Diubah Oleh T1")

    before = _while_committed_out_of_order(
        world, change, freshness.PARTNERS, freshness.PARTNERS, lambda: client.get(url).content.decode()
    )
    assert "Aaa Diubah Oleh T1" not in before
    assert "Aaa Diubah Oleh T1" in client.get(url).content.decode()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite takes one writer; ids commit in order")
@pytest.mark.django_db(transaction=True)
def test_a_mark_in_autocommit_that_commits_after_a_larger_one_still_reaches_the_foundation_figures(world, monkeypatch):
    """PostgreSQL, a write in autocommit: its data has committed, its mark is drawn and not yet
    committed when a plan change of the same school marks with a larger id and commits. A visit then
    computes the plan's parts only and keeps the partners as they were, under the larger id. The
    partner change must still be counted at the next visit (the writer's second mark, drawn once the
    first is visible); with one mark it never was."""
    today = timezone.localdate()
    schools = School.objects.filter(foundation=world.a.foundation)

    def partners_of_a() -> int:
        foundation.summaries.keep_fresh(schools, today=today, table=foundation.FIGURES, fields=foundation.ROW_FIELDS)
        return SchoolSummary.objects.for_school(world.a).get().figures["partners"]

    assert partners_of_a() == 1
    real_insert, held, release = freshness._insert, threading.Event(), threading.Event()

    def insert(school_id, kinds):
        if threading.current_thread().name == "writer" and not held.is_set():
            with transaction.atomic():  # the autocommit insert, caught between its id and its commit
                real_insert(school_id, kinds)
                held.set()
                release.wait(20)
        else:
            real_insert(school_id, kinds)

    monkeypatch.setattr(freshness, "_insert", insert)

    def writer():
        Partner.objects.for_school(world.a).filter(pk=world.other_partner.pk).update(status=Partner.Status.ACTIVE)
        freshness.mark(world.a.pk, freshness.PARTNERS)
        connection.close()

    thread = threading.Thread(target=writer, name="writer")
    thread.start()
    assert held.wait(20)
    freshness.mark(world.a.pk, freshness.PLAN)  # a larger id, committed first
    before = partners_of_a()  # the plan's parts computed again; the partners' mark not yet visible
    release.set()
    thread.join(20)
    assert before == 1
    assert partners_of_a() == 2


def test_a_partner_write_recomputes_the_head_of_a_round_page_and_not_its_results(client, evaluation_world):
    world = evaluation_world
    url = reverse("evaluation:round", args=[world.a.pk, world.round.pk])
    client.force_login(world.users["coordinator"])
    assert _parts_computed(client, url, set()) == {"round-head", "round-results"}
    _recorded_write(world, freshness.PARTNERS)
    assert _parts_computed(client, url, _kept_names()) == {"round-head"}  # the results show evaluation only
