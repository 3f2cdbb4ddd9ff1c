from django.urls import include, path

from tandem.core import views as core_views

urlpatterns = [
    path("", include("tandem.core.urls")),
    # Log-in addresses are managed by the organisation (an invitation), never by the user: a
    # self-chosen unverified address could capture a later invitation to that address.
    path("accounts/email/", core_views.email_managed, name="email_managed"),
    path("accounts/", include("allauth.urls")),
    path("organisation/", include("tandem.accounts.urls")),
    path("programmes/", include("tandem.programmes.urls")),
    path("people/", include("tandem.people.urls")),
    path("matching/", include("tandem.matching.urls")),
    path("mentorships/", include("tandem.mentorships.urls")),
    path("community/", include("tandem.community.urls")),
    path("outcomes/", include("tandem.outcomes.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
]

handler403 = "tandem.core.views.permission_denied"
handler404 = "tandem.core.views.page_not_found"
handler500 = "tandem.core.views.server_error"
