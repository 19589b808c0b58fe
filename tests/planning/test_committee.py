"""The school committee's part (issue 26): its comments on the draft work plan and on the accountability
summary, kept as written with whose words they are, in the plan's history, on the pages and in the
summary read back from the document; refused whole, with the reason and the words kept, when incomplete."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mitra.history.models import Change
from mitra.planning import committee
from mitra.planning.models import CommitteeComment
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from tests.documents.reading import docx_text, squeeze
from tests.planning.test_revisions import approve

pytestmark = pytest.mark.django_db


def _access(world, role):
    return access_for(world.users[role], world.a.pk)


def _in_indonesian(world, role):
    world.users[role].language = "id"
    world.users[role].save(update_fields=["language"])


def test_a_committee_member_comments_on_the_draft_and_it_is_kept_with_the_plan(client, world):
    assert world.plan.status == "draft"
    comment = committee.comment_add(
        access=_access(world, "committee_viewer"),
        user=world.users["committee_viewer"],
        about="plan",
        year=world.plan.academic_year,
        plan=world.plan,
        text="Mohon program UKS menyertakan orang tua.",
    )
    assert committee.who(comment) == (
        world.users["committee_viewer"].get_full_name() or world.users["committee_viewer"].username
    )
    change = Change.objects.for_school(world.a).filter(target_id=world.plan.pk, fields__has_key="committee").get()
    assert change.fields["committee"][1].endswith("Mohon program UKS menyertakan orang tua.")
    _in_indonesian(world, "principal")
    client.force_login(world.users["principal"])
    page = client.get(reverse("planning:plan", args=[world.a.pk, world.plan.pk])).content.decode()
    assert "Mohon program UKS menyertakan orang tua." in page and "Tanggapan komite sekolah" in page


def test_the_coordinator_names_whose_words_they_write_down_and_nothing_is_lost_when_refused(client, world):
    _in_indonesian(world, "coordinator")
    client.force_login(world.users["coordinator"])
    url = reverse("planning:committee_comment", args=[world.a.pk, world.plan.pk])
    refused = client.post(url, {"text": "Setuju dengan catatan anggaran"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Setuju dengan catatan anggaran" in body  # the words typed stay in the form
    assert not CommitteeComment.objects.for_school(world.a).exists()
    kept = client.post(url, {"text": "Setuju dengan catatan anggaran", "speaking_for": "H. Ahmad, Ketua Komite"})
    assert kept.status_code == 302
    comment = CommitteeComment.objects.for_school(world.a).get()
    assert (comment.speaking_for, comment.author, comment.plan) == (
        "H. Ahmad, Ketua Komite",
        world.users["coordinator"],
        world.plan,
    )


def test_an_approved_plan_takes_no_more_comment_on_its_draft(world):
    plan = approve(world.plan, world)
    with pytest.raises(ValidationError) as refused:
        committee.comment_add(
            access=_access(world, "committee_viewer"),
            user=world.users["committee_viewer"],
            about="plan",
            year=plan.academic_year,
            plan=plan,
            text="Terlambat",
        )
    assert "text" in refused.value.message_dict
    assert not CommitteeComment.objects.for_school(world.a).exists()


def test_the_accountability_summary_carries_the_committees_comments(client, world):
    _in_indonesian(world, "committee_viewer")
    client.force_login(world.users["committee_viewer"])
    url = reverse("reports:committee", args=[world.a.pk]) + f"?year={world.year.pk}"
    assert client.post(url, {"text": "Laporan dana sudah jelas; lanjutkan tahun depan."}).status_code == 302
    page = client.get(url).content.decode()
    assert "Laporan dana sudah jelas; lanjutkan tahun depan." in page
    scope = Scope(access=_access(world, "principal"), kind=Kind.ACCOUNTABILITY, year=world.year, language="id")
    text = squeeze(docx_text(generate.make(scope, "docx").data))
    assert "Tanggapan komite sekolah" in text
    assert "Laporan dana sudah jelas; lanjutkan tahun depan." in text
    assert "Ringkasan pertanggungjawaban" in text


def test_no_one_outside_the_committee_and_the_leads_writes_a_comment(client, world):
    client.force_login(world.users["team_member"])
    url = reverse("reports:committee", args=[world.a.pk]) + f"?year={world.year.pk}"
    assert client.post(url, {"text": "Saya guru", "speaking_for": "Guru"}).status_code == 403
    assert not CommitteeComment.objects.for_school(world.a).exists()
