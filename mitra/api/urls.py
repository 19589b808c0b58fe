from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from mitra.api import agreements, evaluation, implementation, planning, reports, views

app_name = "api"

S = "schools/<int:school_id>/"
P = S + "plans/<int:plan_id>/"

urlpatterns = [
    path(
        "openapi.json", SpectacularJSONAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"
    ),
    path("docs/", views.docs, name="docs"),
    path("schools/", views.SchoolList.as_view(), name="school_list"),
    path(S, views.SchoolDetail.as_view(), name="school_detail"),
    path(S + "academic-years/", views.AcademicYearList.as_view(), name="year_list"),
    path(S + "partners/", views.PartnerList.as_view(), name="partner_list"),
    path(S + "partners/<int:partner_id>/", views.PartnerDetail.as_view(), name="partner_detail"),
    path(S + "partners/<int:partner_id>/contacts/", views.ContactList.as_view(), name="contact_list"),
    path(
        S + "partners/<int:partner_id>/contacts/<int:contact_id>/", views.ContactDetail.as_view(), name="contact_detail"
    ),
    path(S + "agreements/", agreements.AgreementList.as_view(), name="agreement_list"),
    path(S + "agreements/<int:agreement_id>/", agreements.AgreementDetail.as_view(), name="agreement_detail"),
    path(
        S + "agreements/<int:agreement_id>/document.<str:fmt>",
        agreements.AgreementDocument.as_view(),
        name="agreement_document",
    ),
    path(S + "letters/", agreements.LetterList.as_view(), name="letter_list"),
    path(S + "letters/<int:letter_id>/", agreements.LetterDetail.as_view(), name="letter_detail"),
    path(S + "letters/<int:letter_id>/issue/", agreements.LetterIssue.as_view(), name="letter_issue"),
    path(S + "letters/<int:letter_id>/document.<str:fmt>", agreements.LetterDocument.as_view(), name="letter_document"),
    path(S + "activities/", implementation.ActivityList.as_view(), name="record_list"),
    path(S + "activities/<int:activity_id>/", implementation.ActivityDetail.as_view(), name="record_detail"),
    path(S + "activities/<int:activity_id>/evidence/", implementation.EvidenceList.as_view(), name="evidence_list"),
    path(
        S + "activities/<int:activity_id>/evidence/<int:evidence_id>/file",
        implementation.EvidenceFile.as_view(),
        name="evidence_file",
    ),
    path(S + "contributions/", implementation.ContributionList.as_view(), name="contribution_list"),
    path(S + "team-terms/", implementation.TeamTermList.as_view(), name="term_list"),
    path(S + "team-terms/<int:term_id>/", implementation.TeamTermDetail.as_view(), name="term_detail"),
    path(S + "communications/", implementation.CommunicationList.as_view(), name="communication_list"),
    path(
        S + "communications/<int:communication_id>/",
        implementation.CommunicationDetail.as_view(),
        name="communication_detail",
    ),
    path(S + "instruments/", evaluation.InstrumentList.as_view(), name="instrument_list"),
    path(S + "instruments/<int:instrument_id>/", evaluation.InstrumentDetail.as_view(), name="instrument_detail"),
    path(S + "rounds/", evaluation.RoundList.as_view(), name="round_list"),
    path(S + "rounds/<int:round_id>/", evaluation.RoundDetail.as_view(), name="round_detail"),
    path(S + "rounds/<int:round_id>/results/", evaluation.RoundResults.as_view(), name="round_results"),
    path(S + "rounds/<int:round_id>/responses/", evaluation.ResponseList.as_view(), name="response_list"),
    path(S + "obstacles/", evaluation.ObstacleList.as_view(), name="obstacle_list"),
    path(S + "obstacles/<int:obstacle_id>/", evaluation.ObstacleDetail.as_view(), name="obstacle_detail"),
    path(S + "recommendations/", evaluation.RecommendationList.as_view(), name="recommendation_list"),
    path(
        S + "recommendations/<int:recommendation_id>/",
        evaluation.RecommendationDetail.as_view(),
        name="recommendation_detail",
    ),
    path(S + "plans/", planning.PlanList.as_view(), name="plan_list"),
    path(P, planning.PlanDetail.as_view(), name="plan_detail"),
    path(P + "goals/", planning.GoalList.as_view(), name="goal_list"),
    path(P + "goals/<int:item_id>/", planning.GoalDetail.as_view(), name="goal_detail"),
    path(P + "indicators/", planning.IndicatorList.as_view(), name="indicator_list"),
    path(P + "indicators/<int:item_id>/", planning.IndicatorDetail.as_view(), name="indicator_detail"),
    path(P + "needs/", planning.NeedList.as_view(), name="need_list"),
    path(P + "needs/<int:item_id>/", planning.NeedDetail.as_view(), name="need_detail"),
    path(P + "programmes/", planning.ProgrammeList.as_view(), name="programme_list"),
    path(P + "programmes/<int:item_id>/", planning.ProgrammeDetail.as_view(), name="programme_detail"),
    path(P + "activities/", planning.ActivityList.as_view(), name="activity_list"),
    path(P + "activities/<int:item_id>/", planning.ActivityDetail.as_view(), name="activity_detail"),
    path(P + "spending/", planning.SpendingList.as_view(), name="spending_list"),
    path(P + "forums/", planning.ForumList.as_view(), name="forum_list"),
    path(P + "forums/<int:item_id>/", planning.ForumDetail.as_view(), name="forum_detail"),
    path(S + "jobs/", reports.JobList.as_view(), name="job_list"),
    path(S + "jobs/<int:job_id>/", reports.JobDetail.as_view(), name="job_detail"),
    path(S + "jobs/<int:job_id>/file", reports.JobFile.as_view(), name="job_file"),
    path(S + "exports/<slug:name>.<str:fmt>", reports.ExportFile.as_view(), name="export_file"),
    path(S + "archive/", reports.ArchiveStart.as_view(), name="archive"),
]
