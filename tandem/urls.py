from django.urls import include, path

urlpatterns = [
    path("", include("tandem.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisation/", include("tandem.accounts.urls")),
    path("programmes/", include("tandem.programmes.urls")),
    path("people/", include("tandem.people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "tandem.core.views.permission_denied"
handler404 = "tandem.core.views.page_not_found"
handler500 = "tandem.core.views.server_error"
