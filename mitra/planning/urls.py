from django.urls import path

from mitra.planning import views

app_name = "planning"

P = "<int:plan_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.plan_create, name="plan_create"),
    path("values/", views.value_list, name="values"),
    path("values/new/", views.value_create, name="value_create"),
    path("values/<int:value_id>/edit/", views.value_edit, name="value_edit"),
    path("criteria/", views.criteria, name="criteria"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("finder/", views.finder, name="finder"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_id>/done/", views.task_toggle, name="task_toggle"),
    path(P, views.home, name="plan"),
    path(P + "submit/", views.plan_submit, name="plan_submit"),
    path(P + "approve/", views.plan_approve, name="plan_approve"),
    path(P + "return/", views.plan_return, name="plan_return"),
    path(P + "revise/", views.plan_revise, name="plan_revise"),
    path(P + "next-year/", views.plan_next_year, name="plan_next_year"),
    path(P + "goals/", views.goal_list, name="goals"),
    path(P + "goals/new/", views.goal_create, name="goal_create"),
    path(P + "goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path(P + "goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path(P + "goals/<int:goal_id>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(P + "indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path(P + "indicators/<int:indicator_id>/delete/", views.indicator_delete, name="indicator_delete"),
    path(P + "needs/", views.need_list, name="needs"),
    path(P + "needs/new/", views.need_create, name="need_create"),
    path(P + "needs/<int:need_id>/edit/", views.need_edit, name="need_edit"),
    path(P + "needs/<int:need_id>/delete/", views.need_delete, name="need_delete"),
    path(P + "analysis/new/", views.analysis_add, name="analysis_add"),
    path(P + "analysis/<int:item_id>/delete/", views.analysis_delete, name="analysis_delete"),
    path(P + "matrix/", views.matrix, name="matrix"),
    path(P + "needs/<int:need_id>/selection/", views.selection, name="selection"),
    path(P + "needs/<int:need_id>/candidates/new/", views.candidate_add, name="candidate_add"),
    path(P + "candidates/<int:candidate_id>/assess/", views.candidate_assess, name="candidate_assess"),
    path(P + "programmes/", views.programme_list, name="programmes"),
    path(P + "programmes/new/", views.programme_create, name="programme_create"),
    path(P + "programmes/<int:programme_id>/edit/", views.programme_edit, name="programme_edit"),
    path(P + "programmes/<int:programme_id>/delete/", views.programme_delete, name="programme_delete"),
    path(P + "programmes/<int:programme_id>/activities/new/", views.activity_create, name="activity_create"),
    path(P + "activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path(P + "activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path(P + "activities/<int:activity_id>/tasks/new/", views.task_add, name="task_add"),
    path(P + "calendar/", views.calendar_view, name="calendar"),
    path(P + "forums/", views.forum_list, name="forums"),
    path(P + "forums/new/", views.forum_create, name="forum_create"),
    path(P + "forums/<int:forum_id>/", views.forum_detail, name="forum"),
    path(P + "forums/<int:forum_id>/edit/", views.forum_edit, name="forum_edit"),
    path(P + "forums/<int:forum_id>/sheet/", views.attendance_sheet, name="attendance_sheet"),
    path(P + "forums/<int:forum_id>/sheet.pdf", views.attendance_sheet_pdf, name="attendance_sheet_pdf"),
    path(P + "forums/<int:forum_id>/attendance/", views.attendance_add, name="attendance_add"),
    path(
        P + "forums/<int:forum_id>/attendance/<int:entry_id>/delete/", views.attendance_remove, name="attendance_remove"
    ),
    path(P + "timeline/", views.timeline_view, name="timeline"),
]
