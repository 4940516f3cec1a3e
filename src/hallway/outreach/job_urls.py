"""The jobs pages: /outreach/jobs/…"""

from django.urls import path

from hallway.outreach import job_views

urlpatterns = [
    path("jobs/", job_views.jobs, name="jobs"),
    path("jobs/<int:pk>/", job_views.job, name="job"),
    path("jobs/<int:pk>/candidates/", job_views.candidate_add, name="candidate_add"),
    path("jobs/<int:pk>/freeze/", job_views.job_freeze_post, name="job_freeze"),
    path("candidacies/<int:pk>/stage/", job_views.candidacy_stage, name="candidacy_stage"),
    path("freezes/<int:pk>/lift/", job_views.freeze_lift_post, name="freeze_lift"),
]
