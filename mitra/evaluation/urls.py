from django.urls import path

from mitra.evaluation.views import followup, instruments, rounds

app_name = "evaluation"

INSTRUMENT = "instruments/<int:instrument_id>/"
ROUND = "rounds/<int:round_id>/"
OBSTACLE = "obstacles/<int:obstacle_id>/"
REC = "recommendations/<int:recommendation_id>/"

urlpatterns = [
    path("", followup.home, name="home"),
    path("plan/", followup.plan, name="plan"),
    path("plan/new/", followup.plan_entry_create, name="plan_entry_create"),
    path("plan/<int:entry_id>/edit/", followup.plan_entry_edit, name="plan_entry_edit"),
    path("plan/<int:entry_id>/delete/", followup.plan_entry_delete, name="plan_entry_delete"),
    path("instruments/", instruments.instrument_list, name="instruments"),
    path("instruments/new/", instruments.instrument_create, name="instrument_create"),
    path("instruments/from-foundation/<int:source_id>/", instruments.instrument_copy, name="instrument_copy"),
    path(INSTRUMENT, instruments.instrument_detail, name="instrument"),
    path(INSTRUMENT + "edit/", instruments.instrument_edit, name="instrument_edit"),
    path(INSTRUMENT + "preview/", instruments.instrument_preview, name="instrument_preview"),
    path(INSTRUMENT + "sections/new/", instruments.section_create, name="section_create"),
    path(INSTRUMENT + "sections/<int:section_id>/edit/", instruments.section_edit, name="section_edit"),
    path(INSTRUMENT + "sections/<int:section_id>/delete/", instruments.section_delete, name="section_delete"),
    path(INSTRUMENT + "questions/new/", instruments.item_create, name="item_create"),
    path(INSTRUMENT + "questions/<int:item_id>/edit/", instruments.item_edit, name="item_edit"),
    path(INSTRUMENT + "questions/<int:item_id>/delete/", instruments.item_delete, name="item_delete"),
    path(INSTRUMENT + "questions/<int:item_id>/move/", instruments.item_move, name="item_move"),
    path(INSTRUMENT + "rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/", rounds.round_list, name="rounds"),
    path(ROUND, rounds.round_detail, name="round"),
    path(ROUND + "answer/", rounds.round_answer, name="round_answer"),
    path(ROUND + "links/", rounds.links_add, name="links_add"),
    path(ROUND + "links/print/", rounds.round_links_print, name="links_print"),
    path(ROUND + "links/<int:link_id>/revoke/", rounds.link_revoke, name="link_revoke"),
    path(ROUND + "links/<int:link_id>/limit/", rounds.link_limit, name="link_limit"),
    path(ROUND + "close/", rounds.round_close, name="round_close"),
    path(ROUND + "reopen/", rounds.round_reopen, name="round_reopen"),
    path("obstacles/", followup.obstacle_list, name="obstacles"),
    path("obstacles/new/", followup.obstacle_create, name="obstacle_create"),
    path(OBSTACLE, followup.obstacle_detail, name="obstacle"),
    path(OBSTACLE + "edit/", followup.obstacle_edit, name="obstacle_edit"),
    path(OBSTACLE + "delete/", followup.obstacle_delete, name="obstacle_delete"),
    path("recommendations/", followup.recommendation_list, name="recommendations"),
    path("recommendations/new/", followup.recommendation_create, name="recommendation_create"),
    path(REC, followup.recommendation_detail, name="recommendation"),
    path(REC + "edit/", followup.recommendation_edit, name="recommendation_edit"),
    path(REC + "actions/", followup.action_add, name="action_add"),
    path(REC + "actions/<int:action_id>/edit/", followup.action_edit, name="action_edit"),
    path("partnerships/", followup.partnerships, name="partnerships"),
    path("partnerships/<int:partner_id>/", followup.journal, name="journal"),
    path("observe/<int:activity_id>/", followup.observation_create, name="observation_create"),
    path("observations/<int:observation_id>/", followup.observation_detail, name="observation"),
    path(
        "observations/<int:observation_id>/photos/<int:photo_id>/", followup.observation_photo, name="observation_photo"
    ),
]
