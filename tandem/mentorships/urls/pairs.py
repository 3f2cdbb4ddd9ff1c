"""URLs of the pair pages: a pair and its agreement, closing, pairing by hand, the programme's
mentorship settings."""

from django.urls import path

from tandem.mentorships.views import pairs

urlpatterns = [
    path("<int:pk>/", pairs.detail, name="detail"),
    path("<int:pk>/agreement/", pairs.agreement_edit, name="agreement_edit"),
    path("<int:pk>/agreement/sign/", pairs.agreement_sign, name="agreement_sign"),
    path("<int:pk>/agreement/print/", pairs.agreement_print, name="agreement_print"),
    path("<int:pk>/contact/", pairs.contact_set, name="contact_set"),
    path("<int:pk>/close/", pairs.close, name="close"),
    path("programmes/<int:programme_pk>/pair/", pairs.pair_create, name="pair_create"),
    path(
        "programmes/<int:programme_pk>/settings/",
        pairs.mentorship_settings,
        name="settings",
    ),
]
