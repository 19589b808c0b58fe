"""Every URL pattern × every actor: anonymous → login (401 for the API); another school or
foundation → 404 with nothing changed; a role without the capability → 403 with nothing changed;
the right role → success. A pattern without a case here makes the sweep fail."""

import datetime
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from mitra.history.models import Change
from mitra.notifications.models import Event
from tests.conftest import (
    PDF_SCAN,
    SAMPLES,
    add_agreements,
    add_evaluation,
    add_implementation,
    add_letters,
    add_reports,
    build_world,
    jpeg_upload,
)

SCHOOL_ROLES = ["principal", "coordinator", "team_member", "admin_staff", "committee_viewer", "partner_rep"]
FOUNDATION_ROLES = ["foundation_admin", "foundation_viewer"]
INSIDERS = SCHOOL_ROLES + FOUNDATION_ROLES
OUTSIDERS = ["sibling", "outsider", "other_foundation_admin"]

# The access policy, written out independently of mitra/schools/roles.py so that a change to
# either the table or a view's check makes this sweep fail.
STAFF = {"principal", "coordinator", "team_member", "admin_staff"}
LEADS = {"principal", "coordinator"}
READERS = STAFF | {"committee_viewer", "foundation_admin", "foundation_viewer"}
POLICY = {
    "school.view": READERS | {"partner_rep"},
    "school.view_cycle": READERS,
    "school.edit_profile": {"principal", "foundation_admin"},
    "school.manage_years": LEADS | {"foundation_admin"},
    "school.manage_members": {"principal", "foundation_admin"},
    "school.view_members": STAFF | {"foundation_admin", "foundation_viewer"},
    "partners.view": READERS | {"partner_rep"},
    "partners.edit": STAFF,
    "partners.archive": LEADS,
    "planning.view": READERS,
    "planning.edit": STAFF,
    "planning.approve": {"principal", "foundation_admin"},
    "planning.manage_lists": LEADS,
    "committee.comment": LEADS | {"committee_viewer"},
    "agreements.view": READERS | {"partner_rep"},
    "agreements.view_templates": READERS,
    "agreements.edit": LEADS | {"admin_staff"},
    "agreements.sign": {"principal"},
    "agreements.templates": LEADS,
    "letters.view": READERS,
    "letters.edit": LEADS | {"admin_staff"},
    "letters.settings": LEADS | {"admin_staff"},
    "activities.view": READERS | {"partner_rep"},
    "activities.record": STAFF,
    "activities.verify": LEADS,
    "activities.confirm": {"partner_rep"},
    "team.view": READERS,
    "team.manage": LEADS,
    "communications.view": READERS,
    "communications.edit": STAFF,
    "calendar.view": READERS,
    "calendar.reset_school_feed": LEADS,
    "evaluation.view": READERS,
    "evaluation.manage": LEADS,
    "evaluation.answer": STAFF | {"committee_viewer"},
    "evaluation.observe": STAFF,
    "obstacles.edit": STAFF,
    "recommendations.edit": LEADS,
    "reports.view": READERS,
    "school.export_archive": {"principal", "foundation_admin"},
    "foundation.view": {"foundation_admin", "foundation_viewer"},
    "foundation.manage_schools": {"foundation_admin"},
    "foundation.templates": {"foundation_admin"},
}


@dataclass
class Op:
    method: str
    permission: str | None  # a capability from roles.py; None = any signed-in user
    data: Callable | None = None  # world -> request data
    success: tuple[int, ...] = (200,)
    # What a partner's representative gets when the capability is theirs but the object is not
    # (e.g. 404 for a draft agreement: they read only their partner's signed ones).
    partner_rep: tuple[int, ...] | None = None


@dataclass
class Case:
    kwargs: Callable  # world -> URL kwargs
    ops: list[Op]
    scope: str = (
        "school"  # school | foundation | user | own_token (the principal's own: a token, an invitation) | own_job
    )
    api: bool = False


def S(**extra):
    return lambda w: {"school_id": w.a.pk, **{k: v(w) for k, v in extra.items()}}


P = lambda w: w.partner.pk


def PL(**extra):
    return S(plan_id=lambda w: w.plan.pk, **extra)


CONTACT = lambda w: w.contact.pk
GET = lambda perm: Op("get", perm)


def NOT_REPS(op: Op) -> Op:
    """The op on a draft agreement: a partner's representative reads only signed ones, so 404."""
    op.partner_rep = (404,)
    return op


POST = lambda perm, data=None, success=(302,): Op("post", perm, data, success)

report_data = lambda w: {"kind": "annual", "year": w.year.pk, "language": "id", "format": "pdf"}
partner_data = lambda w: {"name": "Pesantren Baru", "kind": "pesantren", "status": "prospect"}
contact_data = lambda w: {"name": "Ust. Hasan", "phone": "0812 1111 2222"}
year_data = lambda w: {
    "name": "2026/2027",
    "start_date": "2026-07-01",
    "second_semester_start": "2027-01-01",
    "end_date": "2027-06-30",
}
school_data = lambda w: {"name": "SMP A Baru", "level": "smp", "hijri_offset": "0"}
goal_data = lambda w: {"title": "Mutu layanan", "serves": "Pendidikan bermutu"}
indicator_data = lambda w: {
    "name": "Guru terlatih",
    "baseline": "2",
    "target": "10",
    "unit": "guru",
    "direction": "increase",
    "frequency": "semester",
}
need_data = lambda w: {"title": "Tahfidz", "area": "religious_character", "priority": "2"}
programme_data = lambda w: {"name": "Guru Belajar", "goals": [w.goal.pk], "partners": [w.partner.pk]}
activity_data = lambda w: {
    "title": "Lokakarya",
    "schedule": "range",
    "start_date": "2025-10-01",
    "end_date": "2025-10-02",
    "budget": "1000000",
    "budget_source": "foundation",
    "owner": w.users["team_member"].pk,
}
task_data = lambda w: {"title": "Pesan konsumsi", "assignee": w.users["admin_staff"].pk, "due_date": "2025-09-30"}
forum_data = lambda w: {
    "title": "Sosialisasi orang tua",
    "date": "2025-08-02",
    "audiences": ["parents"],
    "partners": [w.partner.pk],
}
value_data = lambda w: {
    "name": "istiqamah",
    "meaning_id": "Teguh pendirian",
    "meaning_en": "Steadfastness",
    "is_active": "on",
}
AG = lambda **extra: S(agreement_id=lambda w: w.agreement.pk, **extra)
SG = S(agreement_id=lambda w: w.signed_agreement.pk)
agreement_create_data = lambda w: {
    "kind": "pks",
    "title": "Kerja sama literasi",
    "partners": [w.other_partner.pk],
    "first_party": "school",
    "start_date": "2025-01-01",
    "end_date": "2025-12-31",
    "language": "id",
}
agreement_data = lambda w: {
    "title": "UKS",
    "dispute_settlement": "musyawarah untuk mufakat",
    "start_date": "2024-07-01",
    "end_date": "2026-06-30",
    "language": "id",
}
template_data = lambda w: {"name": "MoU Kantin", "kind": "mou", "language": "id", "articles": "## Tujuan\n{purpose}"}
article_data = lambda w: {"title": "Pelaporan", "body": "Dilaporkan tiap semester kepada {school}."}
LT = lambda **extra: S(letter_id=lambda w: w.letter.pk, **extra)
IN = lambda **extra: S(letter_id=lambda w: w.incoming_letter.pk, **extra)
letter_draft_data = lambda w: {
    "letter_type": w.letter_type.pk,
    "partner": w.partner.pk,
    "dated": "2024-08-01",
    "language": "id",
}
letter_data = lambda w: {
    "subject": "Undangan rapat",
    "correspondent": "Kepala Puskesmas",
    "body": "Dengan hormat, kami mengundang Bapak/Ibu.",
    "dated": "2024-07-03",
    "place": "Pekalongan",
    "language": "id",
    "signatory_name": "H. Ahmad Fauzi",
}
incoming_data = lambda w: {
    "number": "005/PKM/2024",
    "dated": "2024-07-01",
    "received_on": "2024-07-02",
    "correspondent": "Puskesmas Kergon",
    "subject": "Pemberitahuan imunisasi",
}
letter_type_data = lambda w: {
    "name": "Surat pengantar",
    "code": "SPeng",
    "layout": "addressed",
    "body": "Dengan hormat,",
}
contribution_data = lambda w: {
    "partner": w.partner.pk,
    "kind": "in_kind",
    "day": "2025-09-20",
    "description": "Konsumsi 60 siswa",
    "value": "300000",
    "valued_how": "Harga katering setempat",
}
ACT = lambda **extra: S(activity_id=lambda w: w.done_activity.pk, **extra)
EV = ACT(evidence_id=lambda w: w.evidence.pk)
COM = lambda **extra: S(communication_id=lambda w: w.communication.pk, **extra)
ROT = S(rotation_id=lambda w: w.rotation.pk)
TERM = S(term_id=lambda w: w.term.pk)
CHAT = S(import_id=lambda w: w.chat_import.pk)
capture_data = lambda w: {"partner": w.partner.pk, "sentence": "Kunjungan ke pesantren", "photo": jpeg_upload()}
run_activity_data = lambda w: {
    "title": "Pemeriksaan gigi",
    "status": "planned",
    "start_date": "2026-12-01",
    "partners": [w.partner.pk],
    "count_students_7_m": "20",
}
term_data = lambda w: {
    "user": w.spare_member.user.pk,
    "role": "member",
    "starts_on": "2025-07-01",
    "ends_on": "2025-12-31",
}
rotation_data = lambda w: {
    "title": "Rotasi",
    "year": w.year.pk,
    "years": "1",
    "per_year": "2",
    "seats": "1",
    "candidates": [w.users["admin_staff"].pk, w.spare_member.user.pk],
}
communication_data = lambda w: {
    "partner": w.partner.pk,
    "channel": "phone",
    "direction": "out",
    "occurred_on": "2025-10-01",
    "summary": "Konfirmasi jadwal",
}


def handover_data(w):
    from mitra.activities.team import open_work

    work = open_work(school=w.a, person=w.term.user)
    data = {"on": "2026-01-31"}
    for task in work["tasks"]:
        data[f"task_{task.pk}"] = w.users["admin_staff"].pk
    for activity in work["activities"]:
        data[f"activity_{activity.pk}"] = w.users["admin_staff"].pk
    return data


IN_ = lambda **extra: S(instrument_id=lambda w: w.instrument.pk, **extra)
RD = lambda **extra: S(round_id=lambda w: w.round.pk, **extra)
OB = S(obstacle_id=lambda w: w.obstacle.pk)
REC = lambda **extra: S(recommendation_id=lambda w: w.recommendation.pk, **extra)
OBS = lambda **extra: S(observation_id=lambda w: w.observation.pk, **extra)
plan_entry_data = lambda w: {
    "academic_year": w.year.pk,
    "instrument": w.instrument.pk,
    "timing": "semester",
    "audiences": ["team"],
}
item_data = lambda w: {"section": w.section.pk, "text": "Materi mudah dipahami", "kind": "rating", "required": "on"}
round_data = lambda w: {
    "title": "Evaluasi semester",
    "opens_on": "2026-01-05",
    "closes_on": "2026-01-20",
    "audiences": ["parents"],
}
obstacle_data = lambda w: {"title": "Komunikasi lambat", "category": "communication", "severity": "2", "status": "open"}
recommendation_data = lambda w: {"partner": w.partner.pk, "decision": "revise", "reasons": "Jadwal perlu diatur"}
action_data = lambda w: {"text": "Rapat koordinasi bulanan", "status": "open"}


def answer_data(w):
    from tests.conftest import parent_answers

    return parent_answers(w.round.version)


invite_data = lambda w: {"email": "baru@example.org", "first_name": "Baru", "role": "team_member"}

CASES: dict[str, Case] = {
    "reports:dashboard": Case(S(), [Op("get", "school.view", success=(200, 302))]),
    "reports:home": Case(S(), [GET("reports.view")]),
    "reports:generate": Case(S(), [POST("reports.view", report_data)]),
    "reports:export": Case(S(name=lambda w: "partners"), [GET("partners.view")]),
    "reports:import_start": Case(S(), [GET("partners.edit")]),
    "reports:archive": Case(S(), [POST("school.export_archive")]),
    "reports:evidence": Case(S(), [POST("reports.view", lambda w: {"year": w.year.pk, "language": "id"})]),
    "reports:import_batch": Case(S(batch_id=lambda w: w.batch.pk), [GET("partners.edit")], scope="own_job"),
    "reports:import_commit": Case(
        S(batch_id=lambda w: w.batch.pk), [POST("partners.edit", lambda w: {"rows": "all"})], scope="own_job"
    ),
    "reports:job": Case(S(job_id=lambda w: w.job.pk), [GET("reports.view")], scope="own_job"),
    "reports:download": Case(S(job_id=lambda w: w.job.pk), [GET("reports.view")], scope="own_job"),
    "planning:home": Case(S(), [GET("planning.view")]),
    "planning:plan_create": Case(S(), [POST("planning.edit", lambda w: {"academic_year": w.old_year.pk})]),
    "planning:plan": Case(PL(), [GET("planning.view")]),
    "planning:plan_submit": Case(PL(), [POST("planning.edit")]),
    "planning:plan_approve": Case(PL(), [POST("planning.approve")]),
    "planning:plan_return": Case(PL(), [POST("planning.approve", lambda w: {"comment": "Perbaiki"})]),
    "planning:plan_revise": Case(PL(), [POST("planning.edit")]),
    "planning:plan_next_year": Case(
        # 2024/2025 lies before the plan's year: the form is shown again with the refusal.
        PL(),
        [GET("planning.edit"), POST("planning.edit", lambda w: {"academic_year": w.old_year.pk}, success=(200,))],
    ),
    "planning:goals": Case(PL(), [GET("planning.view")]),
    "planning:goal_create": Case(PL(), [GET("planning.edit"), POST("planning.edit", goal_data)]),
    "planning:goal_edit": Case(
        PL(goal_id=lambda w: w.goal.pk), [GET("planning.edit"), POST("planning.edit", goal_data)]
    ),
    "planning:goal_delete": Case(PL(goal_id=lambda w: w.goal.pk), [POST("planning.edit")]),
    "planning:indicator_create": Case(
        PL(goal_id=lambda w: w.goal.pk), [GET("planning.edit"), POST("planning.edit", indicator_data)]
    ),
    "planning:indicator_edit": Case(
        PL(indicator_id=lambda w: w.indicator.pk), [GET("planning.edit"), POST("planning.edit", indicator_data)]
    ),
    "planning:indicator_delete": Case(PL(indicator_id=lambda w: w.indicator.pk), [POST("planning.edit")]),
    "planning:needs": Case(PL(), [GET("planning.view")]),
    "planning:need_create": Case(PL(), [GET("planning.edit"), POST("planning.edit", need_data)]),
    "planning:need_edit": Case(
        PL(need_id=lambda w: w.need.pk), [GET("planning.edit"), POST("planning.edit", need_data)]
    ),
    "planning:need_delete": Case(PL(need_id=lambda w: w.need.pk), [POST("planning.edit")]),
    "planning:analysis_add": Case(PL(), [POST("planning.edit", lambda w: {"kind": "strength", "text": "Guru muda"})]),
    "planning:analysis_delete": Case(PL(item_id=lambda w: w.analysis_item.pk), [POST("planning.edit")]),
    "planning:matrix": Case(PL(), [GET("planning.view")]),
    "planning:selection": Case(PL(need_id=lambda w: w.need.pk), [GET("planning.view")]),
    "planning:candidate_add": Case(
        PL(need_id=lambda w: w.need.pk), [POST("planning.edit", lambda w: {"partner": w.other_partner.pk})]
    ),
    "planning:candidate_assess": Case(
        PL(candidate_id=lambda w: w.candidate.pk),
        [GET("planning.edit"), POST("planning.edit", lambda w: {"decision": "selected", "reason": "Dekat"})],
    ),
    "planning:programmes": Case(PL(), [GET("planning.view")]),
    "planning:programme_create": Case(PL(), [GET("planning.edit"), POST("planning.edit", programme_data)]),
    "planning:programme_edit": Case(
        PL(programme_id=lambda w: w.programme.pk), [GET("planning.edit"), POST("planning.edit", programme_data)]
    ),
    "planning:programme_delete": Case(PL(programme_id=lambda w: w.programme.pk), [POST("planning.edit")]),
    "planning:committee_comment": Case(
        PL(), [POST("committee.comment", lambda w: {"text": "Komite setuju", "speaking_for": "H. Ahmad"})]
    ),
    "planning:spending": Case(PL(programme_id=lambda w: w.programme.pk), [GET("planning.view")]),
    "planning:spending_add": Case(
        PL(programme_id=lambda w: w.programme.pk),
        [
            POST(
                "planning.edit",
                lambda w: {
                    "day": "2025-09-16",
                    "amount": "250000",
                    "source": "committee",
                    "description": "Sewa tenda",
                    "receipt": SimpleUploadedFile("k.pdf", PDF_SCAN),
                },
            )
        ],
    ),
    "planning:spending_delete": Case(PL(spending_id=lambda w: w.spending.pk), [POST("planning.edit")]),
    "planning:spending_receipt": Case(PL(spending_id=lambda w: w.spending.pk), [GET("planning.view")]),
    "planning:activity_create": Case(
        PL(programme_id=lambda w: w.programme.pk), [GET("planning.edit"), POST("planning.edit", activity_data)]
    ),
    "planning:activity_edit": Case(
        PL(activity_id=lambda w: w.activity.pk), [GET("planning.edit"), POST("planning.edit", activity_data)]
    ),
    "planning:activity_delete": Case(PL(activity_id=lambda w: w.activity.pk), [POST("planning.edit")]),
    "planning:task_add": Case(
        PL(activity_id=lambda w: w.activity.pk), [GET("planning.edit"), POST("planning.edit", task_data)]
    ),
    "planning:task_toggle": Case(S(task_id=lambda w: w.task.pk), [POST("planning.edit")]),
    "planning:calendar": Case(PL(), [GET("planning.view")]),
    "planning:forums": Case(PL(), [GET("planning.view")]),
    "planning:forum_create": Case(PL(), [GET("planning.edit"), POST("planning.edit", forum_data)]),
    "planning:forum": Case(PL(forum_id=lambda w: w.forum.pk), [GET("planning.view")]),
    "planning:forum_edit": Case(
        PL(forum_id=lambda w: w.forum.pk), [GET("planning.edit"), POST("planning.edit", forum_data)]
    ),
    "planning:attendance_sheet": Case(PL(forum_id=lambda w: w.forum.pk), [GET("planning.view")]),
    "planning:attendance_sheet_pdf": Case(PL(forum_id=lambda w: w.forum.pk), [GET("planning.view")]),
    "planning:attendance_add": Case(
        PL(forum_id=lambda w: w.forum.pk),
        [POST("planning.edit", lambda w: {"names": "Bu Siti\nPak Ahmad", "group": "teachers"})],
    ),
    "planning:attendance_remove": Case(
        PL(forum_id=lambda w: w.forum.pk, entry_id=lambda w: w.attendance.pk), [POST("planning.edit")]
    ),
    "planning:timeline": Case(PL(), [GET("planning.view")]),
    "planning:my_tasks": Case(S(), [GET("planning.view")]),
    "planning:finder": Case(S(), [GET("planning.view")]),
    "planning:values": Case(S(), [GET("planning.view")]),
    "planning:suggestions": Case(
        S(),
        [GET("planning.manage_lists"), POST("planning.manage_lists", lambda w: {"health": ["health_centre", "ngo"]})],
    ),
    "planning:value_create": Case(S(), [GET("planning.manage_lists"), POST("planning.manage_lists", value_data)]),
    "planning:value_edit": Case(
        S(value_id=lambda w: w.value.pk), [GET("planning.manage_lists"), POST("planning.manage_lists", value_data)]
    ),
    "planning:criteria": Case(
        S(),
        [
            GET("planning.manage_lists"),
            POST("planning.manage_lists", lambda w: {"name_0": "Relevansi", "weight_0": "3"}),
        ],
    ),
    "letters:home": Case(S(), [GET("letters.view")]),
    "letters:draft": Case(S(), [GET("letters.edit"), POST("letters.edit", letter_draft_data)]),
    "letters:register": Case(S(), [GET("letters.edit"), POST("letters.edit", incoming_data)]),
    "letters:settings": Case(S(), [GET("letters.view")]),
    "letters:scheme_edit": Case(
        S(),
        [
            GET("letters.settings"),
            POST(
                "letters.settings",
                lambda w: {"pattern": "{seq:03}/{type}/{school}/{roman}/{year}", "school_code": "SMP.A"},
            ),
        ],
    ),
    "letters:type_create": Case(S(), [GET("letters.settings"), POST("letters.settings", letter_type_data)]),
    "letters:type_edit": Case(
        S(type_id=lambda w: w.letter_type.pk), [GET("letters.settings"), POST("letters.settings", letter_type_data)]
    ),
    "letters:detail": Case(LT(), [GET("letters.view")]),
    "letters:edit": Case(LT(), [GET("letters.edit"), POST("letters.edit", letter_data)]),
    "letters:issue": Case(LT(), [POST("letters.edit")]),
    "letters:delete": Case(LT(), [POST("letters.edit")]),
    "letters:download": Case(LT(fmt=lambda w: "docx"), [GET("letters.view")]),
    "letters:attachment_add": Case(
        LT(),
        [POST("letters.edit", lambda w: {"files": SimpleUploadedFile("s.pdf", PDF_SCAN), "description": "Scan"})],
    ),
    "letters:attachment": Case(IN(attachment_id=lambda w: w.letter_attachment.pk), [GET("letters.view")]),
    "letters:attachment_remove": Case(IN(attachment_id=lambda w: w.letter_attachment.pk), [POST("letters.edit")]),
    "activities:home": Case(S(), [GET("activities.view")]),
    "activities:capture": Case(S(), [GET("activities.record"), POST("activities.record", capture_data)]),
    "activities:capture_session": Case(S(), [GET("activities.record")]),
    "activities:upload": Case(
        S(key=lambda w: uuid.UUID("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b")),
        [
            GET("activities.record"),
            Op("put", "activities.record", lambda w: {"body": b"abc", "headers": {"Content-Range": "bytes 0-2/3"}}),
        ],
    ),
    "activities:create": Case(S(), [GET("activities.record"), POST("activities.record", run_activity_data)]),
    "activities:detail": Case(ACT(), [GET("activities.view")]),
    "activities:edit": Case(ACT(), [GET("activities.record"), POST("activities.record", run_activity_data)]),
    "activities:delete": Case(ACT(), [POST("activities.record")]),
    "activities:submit": Case(ACT(), [POST("activities.record")]),
    "activities:verify": Case(ACT(), [POST("activities.verify")]),
    "activities:send_back": Case(ACT(), [POST("activities.verify", lambda w: {"comment": "Foto kurang jelas"})]),
    "activities:confirm": Case(ACT(), [POST("activities.confirm", lambda w: {"note": "Benar terlaksana"})]),
    "activities:evidence_add": Case(
        ACT(), [POST("activities.record", lambda w: {"files": jpeg_upload(), "kind": "photo"})]
    ),
    "activities:evidence_file": Case(EV, [GET("activities.view")]),
    "activities:evidence_thumbnail": Case(EV, [GET("activities.view")]),
    "activities:evidence_remove": Case(EV, [POST("activities.record")]),
    "activities:participants_add": Case(
        ACT(), [POST("activities.record", lambda w: {"group": "students", "names": "Ahmad, 7A"})]
    ),
    "activities:participant_remove": Case(ACT(participant_id=lambda w: w.participant.pk), [POST("activities.record")]),
    "activities:share_log": Case(
        ACT(), [POST("activities.record", lambda w: {"kind": "thanks", "partner": w.partner.pk}, success=(204,))]
    ),
    "activities:contributions": Case(S(), [GET("activities.view")]),
    "activities:measures": Case(
        S(),
        [GET("activities.view"), POST("planning.manage_lists", lambda w: {"name": "Siswa diperiksa", "unit": "siswa"})],
    ),
    "activities:measure_archive": Case(S(measure_id=lambda w: w.measure.pk), [POST("planning.manage_lists")]),
    "activities:measures_save": Case(ACT(), [POST("activities.record", lambda w: {f"measure_{w.measure.pk}": "7"})]),
    "activities:follow_ups": Case(S(), [GET("activities.record")]),
    "activities:follow_up_close": Case(
        S(follow_up_id=lambda w: w.follow_up.pk), [POST("activities.record", lambda w: {"outcome": "Sudah diperiksa"})]
    ),
    "activities:activity_contribution_add": Case(ACT(), [POST("activities.record", contribution_data)]),
    "activities:agreement_contribution_add": Case(
        S(), [POST("activities.record", lambda w: {**contribution_data(w), "agreement": w.signed_agreement.pk})]
    ),
    "activities:contribution_delete": Case(S(contribution_id=lambda w: w.contribution.pk), [POST("activities.record")]),
    "activities:team": Case(S(), [GET("team.view")]),
    "activities:involvement": Case(S(), [GET("team.view")]),
    "activities:term_create": Case(S(), [GET("team.manage"), POST("team.manage", term_data)]),
    "activities:term_edit": Case(
        TERM, [GET("team.manage"), POST("team.manage", lambda w: {**term_data(w), "user": w.term.user.pk})]
    ),
    "activities:term_delete": Case(TERM, [POST("team.manage")]),
    "activities:rotate_out": Case(TERM, [GET("team.manage"), POST("team.manage", handover_data)]),
    "activities:rotation_create": Case(S(), [GET("team.manage"), POST("team.manage", rotation_data)]),
    "activities:rotation": Case(
        ROT,
        [
            GET("team.view"),
            POST("team.manage", lambda w: {"action": "replan", f"c_0_{w.users['admin_staff'].pk}": "x"}),
        ],
    ),
    "activities:rotation_confirm": Case(ROT, [POST("team.manage")]),
    "activities:rotation_delete": Case(ROT, [POST("team.manage")]),
    "activities:communications": Case(S(), [GET("communications.view")]),
    "activities:communication_create": Case(
        S(), [GET("communications.edit"), POST("communications.edit", communication_data)]
    ),
    "activities:communication": Case(COM(), [GET("communications.view")]),
    "activities:communication_edit": Case(
        COM(), [GET("communications.edit"), POST("communications.edit", communication_data)]
    ),
    "activities:communication_delete": Case(COM(), [POST("communications.edit")]),
    "activities:communication_attachment": Case(
        COM(attachment_id=lambda w: w.communication_attachment.pk), [GET("communications.view")]
    ),
    "activities:chat_import": Case(
        S(),
        [
            GET("communications.edit"),
            POST(
                "communications.edit",
                lambda w: {
                    "partner": w.other_partner.pk,
                    "file": SimpleUploadedFile("chat.txt", (SAMPLES / "whatsapp-ios-en.txt").read_bytes()),
                },
            ),
        ],
    ),
    "activities:chat_import_report": Case(CHAT, [GET("communications.view")]),
    "activities:chat_import_undo": Case(CHAT, [POST("communications.edit")]),
    "activities:calendar": Case(S(), [GET("calendar.view")]),
    "activities:agenda": Case(S(), [GET("calendar.view")]),
    "activities:feeds": Case(S(), [GET("calendar.view")]),
    "activities:feed_reset": Case(S(), [POST("calendar.view", lambda w: {"which": "mine"})]),
    "evaluation:home": Case(S(), [GET("evaluation.view")]),
    "evaluation:plan": Case(S(), [GET("evaluation.view")]),
    "evaluation:plan_entry_create": Case(S(), [GET("evaluation.manage"), POST("evaluation.manage", plan_entry_data)]),
    "evaluation:plan_entry_edit": Case(
        S(entry_id=lambda w: w.plan_entry.pk), [GET("evaluation.manage"), POST("evaluation.manage", plan_entry_data)]
    ),
    "evaluation:plan_entry_delete": Case(S(entry_id=lambda w: w.plan_entry.pk), [POST("evaluation.manage")]),
    "evaluation:instruments": Case(S(), [GET("evaluation.view")]),
    "evaluation:instrument_create": Case(
        S(), [GET("evaluation.manage"), POST("evaluation.manage", lambda w: {"title": "Angket", "purpose": "other"})]
    ),
    "evaluation:instrument": Case(IN_(), [GET("evaluation.view")]),
    "evaluation:instrument_edit": Case(
        IN_(), [GET("evaluation.manage"), POST("evaluation.manage", lambda w: {"title": "Angket", "purpose": "other"})]
    ),
    "evaluation:instrument_preview": Case(IN_(), [GET("evaluation.view")]),
    "evaluation:section_create": Case(IN_(), [POST("evaluation.manage", lambda w: {"title": "Saran"})]),
    "evaluation:section_edit": Case(
        IN_(section_id=lambda w: w.section.pk),
        [GET("evaluation.manage"), POST("evaluation.manage", lambda w: {"title": "Keterlibatan"})],
    ),
    "evaluation:section_delete": Case(IN_(section_id=lambda w: w.section.pk), [POST("evaluation.manage")]),
    "evaluation:item_create": Case(IN_(), [GET("evaluation.manage"), POST("evaluation.manage", item_data)]),
    "evaluation:item_edit": Case(
        IN_(item_id=lambda w: w.item.pk), [GET("evaluation.manage"), POST("evaluation.manage", item_data)]
    ),
    "evaluation:item_delete": Case(IN_(item_id=lambda w: w.item.pk), [POST("evaluation.manage")]),
    "evaluation:item_move": Case(
        IN_(item_id=lambda w: w.item.pk), [POST("evaluation.manage", lambda w: {"direction": "down"})]
    ),
    "evaluation:round_create": Case(IN_(), [GET("evaluation.manage"), POST("evaluation.manage", round_data)]),
    "evaluation:rounds": Case(S(), [GET("evaluation.view")]),
    "evaluation:round": Case(RD(), [GET("evaluation.view")]),
    "evaluation:round_answer": Case(
        RD(), [Op("get", "evaluation.answer", success=(200, 302)), POST("evaluation.answer", answer_data)]
    ),
    "evaluation:links_add": Case(RD(), [POST("evaluation.manage", lambda w: {"group": "parents", "count": "3"})]),
    "evaluation:links_print": Case(RD(), [GET("evaluation.view")]),
    "evaluation:link_revoke": Case(RD(link_id=lambda w: w.link.pk), [POST("evaluation.manage")]),
    "evaluation:link_limit": Case(
        RD(link_id=lambda w: w.link.pk), [POST("evaluation.manage", lambda w: {"max_answers": "500"})]
    ),
    "evaluation:round_close": Case(RD(), [POST("evaluation.manage")]),
    "evaluation:round_reopen": Case(RD(), [POST("evaluation.manage", lambda w: {"closes_on": "2099-01-31"})]),
    "evaluation:obstacles": Case(S(), [GET("evaluation.view")]),
    "evaluation:obstacle_create": Case(S(), [GET("obstacles.edit"), POST("obstacles.edit", obstacle_data)]),
    "evaluation:obstacle": Case(OB, [GET("evaluation.view")]),
    "evaluation:obstacle_edit": Case(OB, [GET("obstacles.edit"), POST("obstacles.edit", obstacle_data)]),
    "evaluation:obstacle_delete": Case(OB, [POST("recommendations.edit")]),
    "evaluation:recommendations": Case(S(), [GET("evaluation.view")]),
    "evaluation:recommendation_create": Case(
        S(), [GET("recommendations.edit"), POST("recommendations.edit", recommendation_data)]
    ),
    "evaluation:recommendation": Case(REC(), [GET("evaluation.view")]),
    "evaluation:recommendation_edit": Case(
        REC(), [GET("recommendations.edit"), POST("recommendations.edit", recommendation_data)]
    ),
    "evaluation:action_add": Case(REC(), [POST("recommendations.edit", action_data)]),
    "evaluation:action_edit": Case(
        REC(action_id=lambda w: w.action.pk),
        [GET("recommendations.edit"), POST("recommendations.edit", action_data)],
    ),
    "evaluation:partnerships": Case(S(), [GET("evaluation.view")]),
    "evaluation:journal": Case(S(partner_id=P), [GET("evaluation.view")]),
    "evaluation:instrument_copy": Case(S(source_id=lambda w: w.foundation_instrument.pk), [POST("evaluation.manage")]),
    "evaluation:observation_create": Case(
        ACT(), [GET("evaluation.observe"), POST("evaluation.observe", lambda w: {"observed_on": "2025-09-10"})]
    ),
    "evaluation:observation": Case(OBS(), [GET("evaluation.view")]),
    "evaluation:observation_photo": Case(OBS(photo_id=lambda w: w.observation_photo.pk), [GET("evaluation.view")]),
    "schools:profile": Case(S(), [GET("school.view_cycle")]),
    "schools:logo": Case(S(), [GET("school.view")]),
    "schools:edit": Case(S(), [GET("school.edit_profile"), POST("school.edit_profile", school_data)]),
    "schools:years": Case(S(), [GET("school.view_cycle")]),
    "schools:year_create": Case(S(), [GET("school.manage_years"), POST("school.manage_years", year_data)]),
    "schools:year_edit": Case(S(year_id=lambda w: w.old_year.pk), [GET("school.manage_years")]),
    "schools:year_set_current": Case(S(year_id=lambda w: w.old_year.pk), [POST("school.manage_years")]),
    "schools:members": Case(S(), [GET("school.view_members")]),
    "schools:member_invite": Case(S(), [GET("school.manage_members"), POST("school.manage_members", invite_data)]),
    "schools:member_edit": Case(S(member_id=lambda w: w.spare_member.pk), [GET("school.manage_members")]),
    "schools:member_deactivate": Case(S(member_id=lambda w: w.spare_member.pk), [POST("school.manage_members")]),
    "schools:invitation_withdraw": Case(
        S(invitation_id=lambda w: w.a.invitations.get().pk), [POST("school.manage_members")]
    ),
    "schools:member_reactivate": Case(S(member_id=lambda w: w.spare_member.pk), [POST("school.manage_members")]),
    "partners:list": Case(S(), [GET("partners.view")]),
    "partners:create": Case(S(), [GET("partners.edit"), POST("partners.edit", partner_data)]),
    "partners:detail": Case(S(partner_id=P), [GET("partners.view")]),
    "partners:edit": Case(S(partner_id=P), [GET("partners.edit"), POST("partners.edit", partner_data)]),
    "partners:archive": Case(S(partner_id=P), [POST("partners.archive")]),
    "partners:restore": Case(S(partner_id=P), [POST("partners.archive")]),
    "partners:contact_create": Case(S(partner_id=P), [GET("partners.edit"), POST("partners.edit", contact_data)]),
    "partners:contact_edit": Case(
        S(partner_id=P, contact_id=CONTACT), [GET("partners.edit"), POST("partners.edit", contact_data)]
    ),
    "partners:contact_delete": Case(S(partner_id=P, contact_id=CONTACT), [POST("partners.edit")]),
    "agreements:home": Case(S(), [GET("agreements.view")]),
    "agreements:create": Case(S(), [GET("agreements.edit"), POST("agreements.edit", agreement_create_data)]),
    "agreements:templates": Case(S(), [GET("agreements.view_templates")]),
    "agreements:template_create": Case(S(), [GET("agreements.templates"), POST("agreements.templates", template_data)]),
    "agreements:template_edit": Case(
        S(template_id=lambda w: w.agreement_template.pk),
        [GET("agreements.templates"), POST("agreements.templates", template_data)],
    ),
    "agreements:template_copy": Case(S(source_id=lambda w: w.foundation_template.pk), [POST("agreements.templates")]),
    "agreements:detail": Case(AG(), [NOT_REPS(GET("agreements.view"))]),
    "agreements:edit": Case(AG(), [GET("agreements.edit"), POST("agreements.edit", agreement_data)]),
    "agreements:download": Case(AG(fmt=lambda w: "docx"), [NOT_REPS(GET("agreements.view"))]),
    "agreements:scan": Case(SG, [GET("agreements.view")]),
    "agreements:party_add": Case(
        AG(), [GET("agreements.edit"), POST("agreements.edit", lambda w: {"partner": w.other_partner.pk})]
    ),
    "agreements:party_edit": Case(
        AG(party_id=lambda w: w.agreement.parties.get(partner=None).pk),
        [GET("agreements.edit"), POST("agreements.edit", lambda w: {"signatory_name": "Hj. Siti"})],
    ),
    "agreements:party_remove": Case(
        AG(party_id=lambda w: w.agreement.parties.get(partner=w.partner).pk), [POST("agreements.edit")]
    ),
    "agreements:article_create": Case(AG(), [GET("agreements.edit"), POST("agreements.edit", article_data)]),
    "agreements:article_edit": Case(
        AG(article_id=lambda w: w.article.pk), [GET("agreements.edit"), POST("agreements.edit", article_data)]
    ),
    "agreements:article_remove": Case(AG(article_id=lambda w: w.article.pk), [POST("agreements.edit")]),
    "agreements:article_move": Case(
        AG(article_id=lambda w: w.article.pk), [POST("agreements.edit", lambda w: {"direction": "down"})]
    ),
    "agreements:witness_add": Case(
        AG(), [GET("agreements.edit"), POST("agreements.edit", lambda w: {"name": "Camat Barat"})]
    ),
    "agreements:witness_remove": Case(AG(witness_id=lambda w: w.witness.pk), [POST("agreements.edit")]),
    "agreements:submit": Case(AG(), [POST("agreements.edit")]),
    "agreements:send_back": Case(AG(), [POST("agreements.sign", lambda w: {"text": "Perbaiki"})]),
    "agreements:comment": Case(AG(), [POST("agreements.edit", lambda w: {"text": "Sudah dibaca"})]),
    "agreements:sign": Case(AG(), [GET("agreements.sign")]),
    "agreements:terminate": Case(
        SG,
        [
            GET("agreements.sign"),
            POST("agreements.sign", lambda w: {"terminated_on": "2025-01-01", "termination_reason": "Pindah"}),
        ],
    ),
    "agreements:renew": Case(
        SG,
        [
            GET("agreements.edit"),
            POST("agreements.edit", lambda w: {"start_date": "2026-07-01", "end_date": "2028-06-30"}),
        ],
    ),
    "agreements:new_version": Case(SG, [POST("agreements.edit")]),
    "agreements:compare": Case(AG(other_id=lambda w: w.agreement.pk), [NOT_REPS(GET("agreements.view"))]),
    "foundations:overview": Case(lambda w: {"foundation_id": w.f1.pk}, [GET("foundation.view")], scope="foundation"),
    "foundation_reports:accreditation": Case(
        lambda w: {"foundation_id": w.f1.pk},
        [
            GET("foundation.view"),
            POST(
                "foundation.templates",
                lambda w: {
                    "instrument": "IA 2024",
                    "code": "Butir 9",
                    "title": "Kemitraan",
                    "sources": ["agreements"],
                    "position": "1",
                },
            ),
        ],
        scope="foundation",
    ),
    "foundation_reports:reports": Case(
        lambda w: {"foundation_id": w.f1.pk},
        [POST("foundation.view", lambda w: {"kind": "accountability", "language": "id", "format": "pdf"})],
        scope="foundation",
    ),
    "foundation_reports:dashboard": Case(
        lambda w: {"foundation_id": w.f1.pk}, [GET("foundation.view")], scope="foundation"
    ),
    "foundation_reports:export": Case(
        lambda w: {"foundation_id": w.f1.pk, "name": "dashboard"}, [GET("foundation.view")], scope="foundation"
    ),
    "foundations:school_create": Case(
        lambda w: {"foundation_id": w.f1.pk},
        [GET("foundation.manage_schools"), POST("foundation.manage_schools", school_data)],
        scope="foundation",
    ),
    "foundation_templates:list": Case(
        lambda w: {"foundation_id": w.f1.pk}, [GET("foundation.view")], scope="foundation"
    ),
    "foundation_templates:create": Case(
        lambda w: {"foundation_id": w.f1.pk},
        [GET("foundation.templates"), POST("foundation.templates", template_data)],
        scope="foundation",
    ),
    "foundation_templates:edit": Case(
        lambda w: {"foundation_id": w.f1.pk, "template_id": w.foundation_template.pk},
        [GET("foundation.templates"), POST("foundation.templates", template_data)],
        scope="foundation",
    ),
    "foundation_instruments:list": Case(
        lambda w: {"foundation_id": w.f1.pk}, [GET("foundation.view")], scope="foundation"
    ),
    "foundation_instruments:publish": Case(
        lambda w: {"foundation_id": w.f1.pk},
        [POST("foundation.templates", lambda w: {"instrument": w.instrument.pk})],
        scope="foundation",
    ),
    "foundation_instruments:toggle": Case(
        lambda w: {"foundation_id": w.f1.pk, "instrument_id": w.foundation_instrument.pk},
        [POST("foundation.templates")],
        scope="foundation",
    ),
    "home": Case(lambda w: {}, [Op("get", None, success=(200, 302))], scope="user"),
    "accounts:profile": Case(lambda w: {}, [GET(None)], scope="user"),
    "notifications:inbox": Case(lambda w: {}, [GET(None)], scope="user"),
    "notifications:read_all": Case(lambda w: {}, [POST(None)], scope="user"),
    "notifications:preferences": Case(
        lambda w: {},
        [GET(None), POST(None, lambda w: {**dict.fromkeys(Event.values, "app"), "frequency": "daily"})],
        scope="user",
    ),
    "accounts:tokens": Case(
        lambda w: {}, [GET(None), POST(None, lambda w: {"name": "x"}, success=(200,))], scope="user"
    ),
    "accounts:password_change": Case(lambda w: {}, [GET(None)], scope="user"),
    "accounts:password_change_done": Case(lambda w: {}, [GET(None)], scope="user"),
    "accounts:token_revoke": Case(lambda w: {"token_id": w.token.pk}, [POST(None)], scope="own_token"),
    "invitations": Case(lambda w: {}, [GET(None)], scope="user"),
    "invitation_answer": Case(
        lambda w: {"invitation_id": w.invitation.pk, "answer": "decline"}, [POST(None)], scope="own_token"
    ),
    # The API: the same capabilities, 401 without credentials.
    "api:school_list": Case(lambda w: {}, [GET(None)], scope="user", api=True),
    "api:school_detail": Case(S(), [GET("school.view")], api=True),
    "api:year_list": Case(S(), [GET("school.view_cycle")], api=True),
    "api:partner_list": Case(S(), [GET("partners.view"), Op("post", "partners.edit", partner_data, (201,))], api=True),
    "api:partner_detail": Case(
        S(partner_id=P),
        [
            GET("partners.view"),
            Op("patch", "partners.edit", lambda w: {"notes": "x"}),
            Op("delete", "partners.archive", None, (204,)),
        ],
        api=True,
    ),
    "api:agreement_list": Case(
        S(),
        [
            GET("agreements.view"),
            Op("post", "agreements.edit", lambda w: {**agreement_create_data(w), "kind": "mou"}, (201,)),
        ],
        api=True,
    ),
    "api:agreement_detail": Case(
        AG(),
        [NOT_REPS(GET("agreements.view")), Op("patch", "agreements.edit", lambda w: {"purpose": "Sehat"})],
        api=True,
    ),
    "api:agreement_document": Case(AG(fmt=lambda w: "pdf"), [NOT_REPS(GET("agreements.view"))], api=True),
    "api:letter_list": Case(
        S(),
        [
            GET("letters.view"),
            Op("post", "letters.edit", lambda w: {**letter_draft_data(w), "direction": "out"}, (201,)),
        ],
        api=True,
    ),
    "api:letter_detail": Case(
        LT(),
        [
            GET("letters.view"),
            Op("patch", "letters.edit", lambda w: {"enclosures": "1 (satu) berkas"}),
            Op("delete", "letters.edit", None, (204,)),
        ],
        api=True,
    ),
    "api:letter_issue": Case(LT(), [Op("post", "letters.edit", None, (200,))], api=True),
    "api:letter_document": Case(LT(fmt=lambda w: "docx"), [GET("letters.view")], api=True),
    "api:record_list": Case(
        S(),
        [
            GET("activities.view"),
            Op("post", "activities.record", lambda w: {**run_activity_data(w), "counts": []}, (201,)),
        ],
        api=True,
    ),
    "api:record_detail": Case(
        ACT(),
        [
            GET("activities.view"),
            Op("patch", "activities.record", lambda w: {"place": "Aula"}),
            Op("delete", "activities.record", None, (204,)),
        ],
        api=True,
    ),
    "api:evidence_list": Case(
        ACT(),
        [GET("activities.view"), Op("post", "activities.record", lambda w: {"files": jpeg_upload()}, (201,))],
        api=True,
    ),
    "api:evidence_file": Case(EV, [GET("activities.view")], api=True),
    "api:term_list": Case(
        S(),
        [GET("team.view"), Op("post", "team.manage", term_data, (201,))],
        api=True,
    ),
    "api:term_detail": Case(
        TERM,
        [
            GET("team.view"),
            Op("patch", "team.manage", lambda w: {"label": "Semester 1"}),
            Op("delete", "team.manage", None, (204,)),
        ],
        api=True,
    ),
    "api:communication_list": Case(
        S(),
        [GET("communications.view"), Op("post", "communications.edit", communication_data, (201,))],
        api=True,
    ),
    "api:communication_detail": Case(
        COM(),
        [
            GET("communications.view"),
            Op("patch", "communications.edit", lambda w: {"people": "Pak Hadi"}),
            Op("delete", "communications.edit", None, (204,)),
        ],
        api=True,
    ),
    "api:instrument_list": Case(
        S(),
        [
            GET("evaluation.view"),
            Op(
                "post",
                "evaluation.manage",
                lambda w: {
                    "title": "Angket",
                    "purpose": "other",
                    "sections": [{"title": "A", "items": [{"kind": "rating", "text": "Puas?"}]}],
                },
                (201,),
            ),
        ],
        api=True,
    ),
    "api:instrument_detail": Case(
        IN_(), [GET("evaluation.view"), Op("patch", "evaluation.manage", lambda w: {"title": "Angket"})], api=True
    ),
    "api:round_list": Case(
        S(),
        [
            GET("evaluation.view"),
            Op("post", "evaluation.manage", lambda w: {**round_data(w), "instrument": w.instrument.pk}, (201,)),
        ],
        api=True,
    ),
    "api:round_detail": Case(RD(), [GET("evaluation.view")], api=True),
    "api:round_results": Case(RD(), [GET("evaluation.view")], api=True),
    "api:job_list": Case(S(), [GET("reports.view"), Op("post", "reports.view", report_data, (202,))], api=True),
    "api:job_detail": Case(S(job_id=lambda w: w.job.pk), [GET("reports.view")], scope="own_job", api=True),
    "api:job_file": Case(S(job_id=lambda w: w.job.pk), [GET("reports.view")], scope="own_job", api=True),
    "api:export_file": Case(S(name=lambda w: "partners", fmt=lambda w: "csv"), [GET("partners.view")], api=True),
    "api:archive": Case(S(), [Op("post", "school.export_archive", None, (202,))], api=True),
    "api:response_list": Case(
        RD(),
        [
            GET("evaluation.view"),
            # Only the round's respondents may answer; the other staff are refused by the round, not the role.
            Op(
                "post",
                "evaluation.answer",
                lambda w: {"answers": {k.removeprefix("i_"): v for k, v in answer_data(w).items()}},
                (201, 403),
            ),
        ],
        api=True,
    ),
    "api:obstacle_list": Case(
        S(), [GET("evaluation.view"), Op("post", "obstacles.edit", obstacle_data, (201,))], api=True
    ),
    "api:obstacle_detail": Case(
        OB, [GET("evaluation.view"), Op("patch", "obstacles.edit", lambda w: {"cause": "Sinyal"})], api=True
    ),
    "api:recommendation_list": Case(
        S(), [GET("evaluation.view"), Op("post", "recommendations.edit", recommendation_data, (201,))], api=True
    ),
    "api:recommendation_detail": Case(
        REC(),
        [GET("evaluation.view"), Op("patch", "recommendations.edit", lambda w: {"reasons": "Baik"})],
        api=True,
    ),
    "api:contact_list": Case(
        S(partner_id=P), [GET("partners.view"), Op("post", "partners.edit", contact_data, (201,))], api=True
    ),
    "api:contact_detail": Case(
        S(partner_id=P, contact_id=CONTACT),
        [
            GET("partners.view"),
            Op("patch", "partners.edit", lambda w: {"position": "Dokter"}),
            Op("delete", "partners.edit", None, (204,)),
        ],
        api=True,
    ),
}


def _api_pair(name, item, create_data, patch_data, delete=(204,)):
    """The list and detail endpoints of a plan's records: read by planning.view, write by planning.edit."""
    detail_ops = [GET("planning.view"), Op("patch", "planning.edit", patch_data)]
    if delete:
        detail_ops.append(Op("delete", "planning.edit", None, delete))
    return {
        f"api:{name}_list": Case(
            PL(), [GET("planning.view"), Op("post", "planning.edit", create_data, (201,))], api=True
        ),
        f"api:{name}_detail": Case(PL(item_id=item), detail_ops, api=True),
    }


CASES |= {
    "reports:committee": Case(
        S(),
        [
            GET("reports.view"),
            POST("committee.comment", lambda w: {"text": "Laporan jelas", "speaking_for": "H. Ahmad"}),
        ],
    ),
    "api:plan_list": Case(S(), [GET("planning.view")], api=True),
    "api:spending_list": Case(PL(), [GET("planning.view")], api=True),
    "api:contribution_list": Case(S(), [GET("activities.view")], api=True),
    "api:plan_detail": Case(PL(), [GET("planning.view")], api=True),
    **_api_pair("goal", lambda w: w.goal.pk, goal_data, lambda w: {"title": "Citra"}),
    **_api_pair(
        "indicator",
        lambda w: w.indicator.pk,
        lambda w: {**indicator_data(w), "goal": w.goal.pk},
        lambda w: {"unit": "berita"},
    ),
    **_api_pair("need", lambda w: w.need.pk, need_data, lambda w: {"priority": 3}),
    **_api_pair(
        "programme",
        lambda w: w.programme.pk,
        lambda w: {"name": "Guru Belajar", "goals": [w.goal.pk]},
        lambda w: {"name": "Sehat"},
        delete=(400,),  # a forum presented it: what the school recorded keeps it (refused, with a message)
    ),
    **_api_pair(
        "activity",
        lambda w: w.activity.pk,
        lambda w: {**activity_data(w), "programme": w.programme.pk},
        lambda w: {"place": "UKS"},
        delete=(400,),  # it has a task: refused, with a message
    ),
    **_api_pair("forum", lambda w: w.forum.pk, forum_data, lambda w: {"minutes": "Dicatat"}, delete=()),
}

# Open to everyone, on purpose.
PUBLIC = {
    "healthz",
    "manifest",  # the installable app's manifest: names and icons, no data
    "service_worker",  # the app's service worker: code, a release name and the offline page's words
    "accounts:login",
    "accounts:logout",
    "accounts:language",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "api:schema",
    "api:docs",
    "calendar_feed",  # behind its secret; tests/activities/test_calendar.py checks the secret
    "answer_by_link",  # behind its secret; tests/evaluation/test_links.py checks the secret
}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_pattern_has_a_case():
    names = {name for name in _names(get_resolver()) if not name.startswith("admin:")}
    missing = names - CASES.keys() - PUBLIC
    assert not missing, f"URL patterns without a sweep case: {sorted(missing)}"
    stale = (CASES.keys() | PUBLIC) - names
    assert not stale, f"Sweep cases for patterns that no longer exist: {sorted(stale)}"


def fingerprint() -> tuple:
    """Rows per model plus recorded changes: any write through a service moves it."""
    return tuple(
        model._default_manager.count()
        for app in ("partners", "agreements", "letters", "files", "notifications", "activities", "evaluation")
        for model in apps.get_app_config(app).get_models()
    ) + (
        Change.all_schools.count(),
        *(model._default_manager.count() for model in apps.get_app_config("schools").get_models()),
        # Ordered: PostgreSQL returns an updated row in a new place, which is not a change.
        tuple(
            apps.get_model("schools", "Membership")
            .objects.filter(is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        tuple(
            apps.get_model("partners", "Partner")
            .all_schools.filter(archived_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )


def _request(client, op: Op, url: str, world, api: bool):
    data = op.data(world) if op.data else {}
    if op.method == "put":  # a piece of a file sent in the background: raw bytes and their range
        return client.put(url, data=data["body"], content_type="application/octet-stream", headers=data["headers"])
    if api and any(isinstance(v, SimpleUploadedFile) for v in data.values()):
        return getattr(client, op.method)(url, data=data)  # multipart, as an upload is sent
    if api:
        return getattr(client, op.method)(
            url, data=json.dumps(data) if op.method != "get" else None, content_type="application/json"
        )
    return getattr(client, op.method)(url, data=data)


def _expected(case: Case, op: Op, actor: str) -> tuple[int, ...] | str:
    if actor == "anonymous":
        return (401,) if case.api else "login"
    if case.scope == "user":
        return op.success
    if case.scope == "own_token":
        return op.success if actor == "principal" else (404,)
    if case.scope == "own_job":  # the principal's report: the others may make their own, not see it
        if actor in OUTSIDERS:
            return (404,)
        return (403,) if actor not in POLICY[op.permission] else op.success if actor == "principal" else (404,)
    if actor in OUTSIDERS:
        return (404,)
    if case.scope == "foundation" and actor not in FOUNDATION_ROLES:
        return (404,)
    if op.permission is None or actor in POLICY[op.permission]:
        return op.partner_rep if actor == "partner_rep" and op.partner_rep else op.success
    return (403,)


def _invitations(world):
    """One invitation to school A not answered yet (school A withdraws it), and one to school B for
    A's principal (only they answer it)."""
    from mitra.schools.models import Invitation

    Invitation.objects.create(
        school=world.a, user=world.users["sibling"], email="sibling@example.org", role="team_member"
    )
    return Invitation.objects.create(
        school=world.b, user=world.users["principal"], email="principal@example.org", role="coordinator"
    )


def _spending(world):
    from mitra.planning import spending

    return spending.spending_add(
        programme=world.programme,
        user=world.users["admin_staff"],
        data={"day": datetime.date(2025, 9, 15), "amount": 150000, "source": "school", "description": "Snack"},
        receipt=jpeg_upload(name="kuitansi.jpg"),
    )


def _measure(world):
    from mitra.activities import measures

    measure = measures.measure_save(
        school=world.a, user=None, data={"name": "Siswa dirujuk", "unit": "siswa", "follow_up": True}
    )
    measures.values_save(activity=world.done_activity, user=world.users["team_member"], values={measure.pk: 3})
    return measure, world.done_activity.follow_ups.get()


def _contribution(world):
    from mitra.activities import contributions

    return contributions.contribution_add(
        school=world.a,
        user=world.users["coordinator"],
        partner=world.partner,
        activity=world.done_activity,
        data={"kind": "time", "day": datetime.date(2025, 9, 10), "description": "Dua bidan", "people": 2, "hours": 3},
    )


@pytest.fixture(scope="module")
def sweep_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole sweep, built once inside a transaction that is never committed: each
    case runs in a savepoint of it (pytest-django's `db`), and every request in one of its own, so
    nothing a case does reaches the next. Building it per case took most of the suite's time."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("sweep-files")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = add_reports(add_evaluation(add_implementation(add_letters(add_agreements(build_world())))))
            world.invitation = _invitations(world)
            world.spending = _spending(world)
            world.contribution = _contribution(world)
            world.measure, world.follow_up = _measure(world)
            yield world, media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(db, sweep_world):
    """The other tests of this module read the same world (a second one would collide with it)."""
    return sweep_world[0]


@pytest.fixture(autouse=True)
def _plain_media(settings, sweep_world):
    # The world's files live in the sweep's own folder, not in each case's temporary one.
    settings.MEDIA_ROOT = sweep_world[1]


@pytest.mark.parametrize("name,op_index", [(name, i) for name, case in CASES.items() for i in range(len(case.ops))])
def test_sweep(client, db, sweep_world, name, op_index):
    world = sweep_world[0]
    case = CASES[name]
    op = case.ops[op_index]
    url = reverse(name, kwargs=case.kwargs(world))
    failures = []
    before = fingerprint()  # the same before every actor: each request is rolled back
    for actor in ["anonymous", *INSIDERS, *OUTSIDERS]:
        with transaction.atomic():
            client.logout()
            if actor != "anonymous":
                client.force_login(world.users[actor])
            response = _request(client, op, url, world, case.api)
            expected = _expected(case, op, actor)
            if expected == "login":
                ok = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
            else:
                ok = response.status_code in expected
            if ok and (expected == "login" or expected in ((403,), (404,), (401,))) and fingerprint() != before:
                failures.append(f"{actor}: denied with {response.status_code} but the data changed")
            elif not ok:
                failures.append(f"{actor}: {op.method.upper()} gave {response.status_code}, expected {expected}")
            transaction.set_rollback(True)
    assert not failures, f"{op.method.upper()} {url} ({name}):\n" + "\n".join(failures)


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if case.scope != "foundation"))
def test_an_id_no_row_can_have_is_not_found(world, name):
    """An id beyond 64 bits in any URL is a 404 (issue 21: SQLite answered 500), on the API as JSON."""
    case = CASES[name]
    kwargs = case.kwargs(world)
    ids = [key for key, value in kwargs.items() if isinstance(value, int)]
    if not ids:
        pytest.skip("no id in this URL")
    client = Client(raise_request_exception=False)
    client.force_login(world.users["principal"] if case.scope != "foundation" else world.users["foundation_admin"])
    for key in ids:
        url = reverse(name, kwargs={**kwargs, key: 2**64 + 1})
        for op in {o.method for o in case.ops}:
            with transaction.atomic():
                response = getattr(client, op)(url)
                transaction.set_rollback(True)
            assert response.status_code == 404, f"{op.upper()} {url}: {response.status_code}"
            if case.api:
                assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "name",
    sorted(
        PUBLIC
        - {"accounts:logout", "accounts:language", "accounts:password_reset_confirm", "calendar_feed", "answer_by_link"}
    ),
)
def test_public_pages_answer_anonymous_visitors(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_partner_representative_sees_only_their_own_partner(client, world):
    client.force_login(world.users["partner_rep"])
    other = reverse("partners:detail", kwargs={"school_id": world.a.pk, "partner_id": world.other_partner.pk})
    assert client.get(other).status_code == 404
    listing = client.get(reverse("partners:list", kwargs={"school_id": world.a.pk}))
    assert [p.pk for p in listing.context["page"].object_list] == [world.partner.pk]
    api = client.get(reverse("api:partner_list", kwargs={"school_id": world.a.pk}))
    assert [p["id"] for p in api.json()["results"]] == [world.partner.pk]


def _admin_url(name: str) -> str | None:
    for kwargs in (
        {},
        {"object_id": "1"},
        {"id": "1"},
        {"app_label": "partners"},
        {"content_type_id": "1", "object_id": "1"},
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def test_every_admin_page_is_for_superusers_only(client, world):
    admin_names = sorted(n for n in _names(get_resolver()) if n.startswith("admin:") and n != "admin:login")
    urls = {name: _admin_url(name) for name in admin_names}
    assert all(urls.values()), f"admin patterns the sweep cannot build: {[n for n, u in urls.items() if not u]}"
    for actor in ("anonymous", "principal", "foundation_admin"):
        client.logout()
        if actor != "anonymous":
            client.force_login(world.users[actor])
        for name, url in urls.items():
            response = client.get(url)
            if name == "admin:logout" or name == "admin:view_on_site":
                assert response.status_code in (302, 404, 405), (actor, name)
                continue
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (
                actor,
                name,
                response.status_code,
            )


def test_security_headers_on_every_page(principal_client, world):
    response = principal_client.get(reverse("partners:list", kwargs={"school_id": world.a.pk}))
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self' 'nonce-"):
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
