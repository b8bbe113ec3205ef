from django.urls import path

from . import views

app_name = "principles"

urlpatterns = [
    path("", views.PrincipleListView.as_view(), name="list"),
    path("<slug:slug>/", views.PrincipleDetailView.as_view(), name="principle"),
    path("<slug:principle>/<slug:slug>/", views.PracticeDetailView.as_view(), name="practice"),
]
