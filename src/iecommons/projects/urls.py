"""URLs of joint projects, under /projects/."""

from django.urls import path

from iecommons.projects.views import accounts, projects, sharing

app_name = "projects"
urlpatterns = [
    path("community/<int:community_id>/", projects.community_projects, name="community_projects"),
    path("community/<int:community_id>/new/", projects.project_create, name="project_create"),
    path(
        "community/<int:community_id>/commitments/",
        accounts.community_commitments,
        name="commitments",
    ),
    path("commitments/<int:pk>/fulfil/", accounts.fulfilment_record, name="fulfilment_record"),
    path("accounts/<int:org_id>/", accounts.account, name="account"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("<int:pk>/participants/add/", projects.participant_add, name="participant_add"),
    path("<int:pk>/contributions/add/", projects.contribution_add, name="contribution_add"),
    path("<int:pk>/milestones/add/", projects.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", projects.milestone_complete, name="milestone_complete"),
    path("<int:pk>/outcomes/add/", projects.outcome_add, name="outcome_add"),
    path("<int:pk>/sharing/", sharing.sharing_set, name="sharing_set"),
    path("<int:pk>/allocate/", sharing.allocate, name="allocate"),
    path("<int:pk>/comments/", projects.comment_post, name="comment_post"),
]
