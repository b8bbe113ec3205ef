from django.urls import path, re_path

from . import accounts, consultation, views

app_name = "stakeholders"

urlpatterns = [
    path("profile/", accounts.ProfileView.as_view(), name="profile"),
    re_path(
        r"^profile/email/(?P<action>send|cancel)/$",
        accounts.EmailChangeActionView.as_view(),
        name="email_action",
    ),
    path("profile/email/confirm/<str:token>/", accounts.EmailConfirmView.as_view(),
         name="email_confirm"),
    path("jurisdictions/new/", views.JurisdictionCreateView.as_view(), name="jurisdiction_create"),
    path("jurisdictions/<slug:slug>/", views.JurisdictionDetailView.as_view(), name="jurisdiction"),
    path("jurisdictions/<slug:slug>/members/", views.MemberListView.as_view(), name="members"),
    path("jurisdictions/<slug:slug>/members/invite/", views.InviteView.as_view(), name="invite"),
    path(
        "jurisdictions/<slug:slug>/members/<int:pk>/",
        views.MembershipUpdateView.as_view(),
        name="membership_edit",
    ),
    path(
        "jurisdictions/<slug:slug>/members/<int:pk>/remove/",
        views.MembershipRemoveView.as_view(),
        name="membership_remove",
    ),
    re_path(
        r"^jurisdictions/(?P<slug>[-\w]+)/invitations/(?P<pk>\d+)/(?P<action>resend|revoke)/$",
        views.InvitationActionView.as_view(),
        name="invitation_action",
    ),
    path(
        "jurisdictions/<slug:slug>/organizations/",
        views.OrganizationListView.as_view(),
        name="organizations",
    ),
    path(
        "jurisdictions/<slug:slug>/organizations/<int:pk>/",
        views.OrganizationUpdateView.as_view(),
        name="organization_edit",
    ),
    path("invitations/<str:token>/", views.AcceptInvitationView.as_view(), name="accept"),
    path("plans/<int:pk>/consultation/", consultation.ConsultationView.as_view(),
         name="consultation"),
    path("plans/<int:pk>/heard/", consultation.HeardView.as_view(), name="heard"),
    path("plans/<int:pk>/voices/", consultation.VoicesView.as_view(), name="voices"),
    path("plans/<int:pk>/sessions/new/", consultation.ListeningSessionCreateView.as_view(),
         name="session_create"),
    path("sessions/<int:pk>/edit/", consultation.ListeningSessionUpdateView.as_view(),
         name="session_edit"),
    path("comments/<int:pk>/reply/", consultation.ReplyView.as_view(), name="reply"),
    path("comments/<int:pk>/edit/", consultation.CommentEditView.as_view(),
         name="comment_edit"),
    path("comments/<int:pk>/respond/", consultation.RespondView.as_view(), name="respond"),
    path("comments/<int:pk>/hide/", consultation.HideView.as_view(), name="hide"),
]
