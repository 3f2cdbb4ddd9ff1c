from django.urls import path

from tandem.accounts import views

app_name = "accounts"
urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("switch/", views.membership_switch, name="membership_switch"),
]
