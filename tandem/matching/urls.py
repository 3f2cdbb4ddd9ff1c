from django.urls import path

from tandem.matching.views import pairs, portal, programmes, proposals, runs

app_name = "matching"
urlpatterns = [
    path("programmes/<int:programme_pk>/", programmes.programme_matching, name="programme"),
    path(
        "programmes/<int:programme_pk>/settings/",
        programmes.matching_settings,
        name="settings",
    ),
    path("programmes/<int:programme_pk>/runs/new/", runs.run_start, name="run_start"),
    path("programmes/<int:programme_pk>/figures/", programmes.figures, name="figures"),
    path("programmes/<int:programme_pk>/proposals/", proposals.proposal_list, name="proposal_list"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/instance.json", runs.run_instance, name="run_instance"),
    path("runs/<int:pk>/why-not/", runs.run_why_not, name="run_why_not"),
    path("runs/<int:pk>/compare/", runs.run_compare, name="run_compare"),
    path("runs/<int:pk>/fairness/", runs.run_fairness, name="run_fairness"),
    path("runs/<int:pk>/locks/", pairs.lock_create, name="lock_create"),
    path("runs/<int:pk>/exclusions/", pairs.exclusion_create, name="exclusion_create"),
    path("locks/<int:pk>/delete/", pairs.lock_delete, name="lock_delete"),
    path("exclusions/<int:pk>/delete/", pairs.exclusion_delete, name="exclusion_delete"),
    path("suggestions/<int:pk>/propose/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/answer/", proposals.proposal_answer, name="proposal_answer"),
    path("me/", portal.my_proposals, name="my_proposals"),
    path("me/<int:pk>/answer/", portal.my_proposal_answer, name="my_proposal_answer"),
]
