"""Every page of which htmx asks only a part says so to caches (`Vary: HX-Request`) whether the
request was htmx's or the browser's, so that no cache serves the part for the page or the page for
the part: the six lists, the foundation's reports page and a report job's state."""

import pytest
from django.urls import reverse

from mitra.schools import jobs
from mitra.schools.access import access_for


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.mark.parametrize(
    "name",
    [
        "partners:list",
        "agreements:home",
        "letters:home",
        "activities:home",
        "activities:communications",
        "evaluation:obstacles",
    ],
)
def test_a_list_answers_htmx_with_its_results_and_varies_on_it(principal_client, world, name):
    url = reverse(name, kwargs={"school_id": world.a.pk})
    page = principal_client.get(url)
    part = principal_client.get(url, headers={"HX-Request": "true"})
    assert page.status_code == part.status_code == 200
    assert "hx-request" in _vary(page) and "hx-request" in _vary(part)
    assert b"<html" in page.content and b"<html" not in part.content
    # A page htmx restores from its history is the whole page.
    restored = principal_client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restored.content


def test_the_report_job_and_the_foundation_dashboard_vary_on_htmx(client, world):
    client.force_login(world.users["principal"])
    job = jobs.start(
        access=access_for(world.users["principal"], world.a.pk),
        kind="report",
        params={"kind": "annual", "year": world.year.pk, "language": "en", "format": "pdf"},
        title="Annual",
    )
    url = reverse("reports:job", args=[world.a.pk, job.pk])
    for headers in ({}, {"HX-Request": "true"}):
        assert "hx-request" in _vary(client.get(url, headers=headers))
    client.force_login(world.users["foundation_admin"])
    url = reverse("foundation_reports:dashboard", args=[world.f1.pk])
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and "hx-request" in _vary(response)
