"""Who took part is counted the same everywhere: on the activity's page, in the report's table and
participation section, in the export. People named beyond a group's count are counted (three pupils
named and no count were exported as "Participants 0"); people named within a count are not counted twice."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities import selectors, services
from mitra.activities.models import Activity, ParticipantCount

GROUPS = ParticipantCount.Group.values


def _activity(world, title="Kunjungan", status=Activity.Status.DONE, counts=None):
    return services.activity_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "title": title,
            "status": status,
            "status_reason": "" if status == Activity.Status.DONE else "Hujan",
            "start_date": datetime.date(2025, 10, 1),
        },
        partners=[world.partner],
        counts=counts or {},
    )


def _name(world, activity, group, n):
    if n:
        names = "\n".join(f"Orang {i}, kelas 7A" for i in range(n))
        services.participants_add(activity=activity, user=world.users["coordinator"], group=group, names=names)


def _year(world):
    return selectors.activities_in(school=world.a, start=world.year.start_date, end=world.year.end_date)


def _exported(client, world) -> dict[str, int]:
    client.force_login(world.users["principal"])
    response = client.get(reverse("reports:export", args=[world.a.pk, "activities"]), {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    column = rows[0].index("Peserta")
    title = rows[0].index("Kegiatan")
    return {row[title]: int(row[column]) for row in rows[1:]}


def test_three_named_pupils_and_no_count_are_three_everywhere(client, world):
    activity = _activity(world, "Lomba pidato")
    _name(world, activity, "students", 3)
    assert _exported(client, world)["Lomba pidato"] == 3
    assert services.count_summary(activity)["total"] == 3
    page = client.get(services.activity_url(activity)).content.decode()
    assert "3 orang" in page
    rows = selectors.participation_by_group(school=world.a, activities=_year(world))
    assert {r["label"]: r["total"] for r in rows}["Siswa"] >= 3


def test_names_within_a_count_are_not_counted_twice(client, world):
    activity = _activity(world, "Skrining", counts={("students", 7, "m"): 10, ("students", 7, "f"): 12})
    _name(world, activity, "students", 3)
    _name(world, activity, "teachers", 2)
    assert _exported(client, world)["Skrining"] == 24
    summary = services.count_summary(activity)
    assert summary["total"] == 24
    assert summary["students"] == [{"grade": 7, "m": 10, "f": 12, "": 0}]
    assert {"label": "Guru", "count": 2} in [{"label": str(r["label"]), "count": r["count"]} for r in summary["others"]]


# Per group: (counts by grade and sex), the people named.
group_state = st.tuples(
    st.dictionaries(st.tuples(st.integers(0, 9), st.sampled_from(["", "m", "f"])), st.integers(1, 40), max_size=3),
    st.integers(0, 5),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    activities=st.lists(
        st.tuples(st.dictionaries(st.sampled_from(GROUPS), group_state, max_size=3), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_the_page_the_report_and_the_export_count_the_same_people(client, world, activities):
    Activity.objects.for_school(world.a).delete()
    expected, done_total = {}, 0
    for index, (groups, done) in enumerate(activities):
        counts = {(group, grade, sex): n for group, (by, _named) in groups.items() for (grade, sex), n in by.items()}
        status = Activity.Status.DONE if done else Activity.Status.CANCELLED
        activity = _activity(world, f"Kegiatan {index}", status=status, counts=counts)
        for group, (_by, named) in groups.items():
            _name(world, activity, group, named)
        people = sum(max(sum(by.values()), named) for by, named in groups.values())
        expected[activity.title] = people
        done_total += people if done else 0
        assert services.count_summary(activity)["total"] == people
    annotated = dict(
        Activity.objects.for_school(world.a).annotate(people=selectors.PEOPLE_COUNT).values_list("title", "people")
    )
    assert annotated == expected
    assert _exported(client, world) == expected
    rows = selectors.participation_by_group(school=world.a, activities=_year(world))
    assert sum(r["total"] for r in rows) == done_total
    assert all(r["m"] + r["f"] + r["other"] == r["total"] for r in rows)
    table = {a.title: a.people for a in selectors.held_or_called_off(_year(world))}
    assert table == expected


@pytest.fixture(autouse=True)
def in_indonesian(world):
    for person in world.users.values():
        person.language = "id"
        person.save(update_fields=["language"])
