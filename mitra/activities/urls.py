from django.urls import path

from mitra.activities.views import activities, calendar, communications, contributions, team

app_name = "activities"

A = "<int:activity_id>/"
C = "communication/<int:communication_id>/"

urlpatterns = [
    path("", activities.home, name="home"),
    path("record/", activities.capture, name="capture"),
    path("record/uploads/<uuid:key>/", activities.upload, name="upload"),
    path("record/session/", activities.capture_session, name="capture_session"),
    path("new/", activities.create, name="create"),
    path(A, activities.detail, name="detail"),
    path(A + "edit/", activities.edit, name="edit"),
    path(A + "delete/", activities.delete, name="delete"),
    path(A + "submit/", activities.submit, name="submit"),
    path(A + "verify/", activities.verify, name="verify"),
    path(A + "return/", activities.send_back, name="send_back"),
    path(A + "confirm/", activities.confirm, name="confirm"),
    path(A + "evidence/new/", activities.evidence_add, name="evidence_add"),
    path(A + "evidence/<int:evidence_id>/", activities.evidence_file, name="evidence_file"),
    path(A + "evidence/<int:evidence_id>/thumbnail/", activities.evidence_thumbnail, name="evidence_thumbnail"),
    path(A + "evidence/<int:evidence_id>/remove/", activities.evidence_remove, name="evidence_remove"),
    path(A + "participants/", activities.participants_add, name="participants_add"),
    path(A + "participants/<int:participant_id>/remove/", activities.participant_remove, name="participant_remove"),
    path(A + "whatsapp/", communications.share_log, name="share_log"),
    path(A + "contributions/", contributions.activity_contribution_add, name="activity_contribution_add"),
    path("contributions/", contributions.contribution_list, name="contributions"),
    path("contributions/new/", contributions.agreement_contribution_add, name="agreement_contribution_add"),
    path("contributions/<int:contribution_id>/delete/", contributions.contribution_delete, name="contribution_delete"),
    path("team/", team.home, name="team"),
    path("team/new/", team.term_create, name="term_create"),
    path("team/<int:term_id>/edit/", team.term_edit, name="term_edit"),
    path("team/<int:term_id>/delete/", team.term_delete, name="term_delete"),
    path("team/<int:term_id>/rotate-out/", team.rotate_out, name="rotate_out"),
    path("team/rotation/new/", team.rotation_create, name="rotation_create"),
    path("team/rotation/<int:rotation_id>/", team.rotation_detail, name="rotation"),
    path("team/rotation/<int:rotation_id>/confirm/", team.rotation_confirm, name="rotation_confirm"),
    path("team/rotation/<int:rotation_id>/delete/", team.rotation_delete, name="rotation_delete"),
    path("communication/", communications.home, name="communications"),
    path("communication/new/", communications.create, name="communication_create"),
    path("communication/whatsapp/", communications.chat_import, name="chat_import"),
    path("communication/whatsapp/<int:import_id>/", communications.chat_import_report, name="chat_import_report"),
    path("communication/whatsapp/<int:import_id>/undo/", communications.chat_import_undo, name="chat_import_undo"),
    path(C, communications.detail, name="communication"),
    path(C + "edit/", communications.edit, name="communication_edit"),
    path(C + "delete/", communications.delete, name="communication_delete"),
    path(C + "files/<int:attachment_id>/", communications.attachment, name="communication_attachment"),
    path("calendar/", calendar.month, name="calendar"),
    path("calendar/agenda/", calendar.agenda, name="agenda"),
    path("calendar/feeds/", calendar.feeds, name="feeds"),
    path("calendar/feeds/reset/", calendar.feed_reset, name="feed_reset"),
]
