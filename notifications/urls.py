from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="list"),
    path("notifications/unread/", views.UnreadBadgeView.as_view(), name="unread"),
    path("notifications/read/", views.MarkAllReadView.as_view(), name="read_all"),
    path("notifications/<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
    path("notifications/<int:pk>/open/", views.OpenView.as_view(), name="open"),
    path("profile/notifications/", views.EmailChoicesView.as_view(), name="preferences"),
]
