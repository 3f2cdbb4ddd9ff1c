from django.urls import path

from tandem.people.views import (
    applications,
    consents,
    duplicates,
    intake,
    participants,
    persons,
    portal,
    readiness,
    referrals,
)

app_name = "people"
urlpatterns = [
    path("", persons.person_list, name="person_list"),
    path("new/", persons.person_create, name="person_create"),
    path("export.csv", persons.person_export, name="person_export"),
    path("<int:pk>/", persons.person_detail, name="person_detail"),
    path("<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("<int:pk>/portal-access/", persons.person_portal_access, name="person_portal_access"),
    path(
        "<int:person_pk>/participations/new/",
        participants.participant_create,
        name="participant_create",
    ),
    path("participants/<int:pk>/", participants.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/move/", participants.participant_move, name="participant_move"),
    path("participants/<int:pk>/intake/", participants.intake_record, name="intake_record"),
    path("participants/<int:pk>/training/", readiness.training_add, name="training_add"),
    path("participants/<int:pk>/screening/", readiness.screening_add, name="screening_add"),
    path("pipeline/<int:programme_pk>/", participants.pipeline_board, name="pipeline_board"),
    path("postcodes/", persons.postcode_lookup, name="postcode_lookup"),
    path("intake/", intake.intake_queue, name="intake_queue"),
    path("duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("<int:pk>/merge/<int:other_pk>/", duplicates.person_merge, name="person_merge"),
    path("waiting/<int:programme_pk>/", intake.waiting_list, name="waiting_list"),
    path(
        "eligibility/<int:programme_pk>/<str:role>/",
        intake.eligibility_rules_edit,
        name="eligibility_rules",
    ),
    path("me/", portal.me, name="me"),
    path("me/consent/", consents.my_consent, name="my_consent"),
    path("<int:person_pk>/consents/", consents.consent_give, name="consent_give"),
    path("consents/<int:pk>/withdraw/", consents.consent_withdraw, name="consent_withdraw"),
    path(
        "apply/<slug:organisation>/<slug:programme>/<str:role>/",
        applications.apply,
        name="apply",
    ),
    path(
        "apply/<slug:organisation>/<slug:programme>/<str:role>/thanks/",
        applications.apply_thanks,
        name="apply_thanks",
    ),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/new/", referrals.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/accept/", referrals.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/close/", referrals.referral_close, name="referral_close"),
]
