from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy

from notifications.dashboard import DashboardView
from stakeholders.accounts import PasswordResetView
from stakeholders.forms import AdminSignInForm, SignInForm

from . import views

admin.site.site_header = gettext_lazy("Shared Safety Planner")
admin.site.site_title = gettext_lazy("Shared Safety Planner")
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("plans.urls")),  # before the catalogue: it serves /principles/grid/
    path("principles/", include("principles.urls")),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("stakeholders.urls")),
    path("", include("notifications.urls")),
    path("", include("progress.urls")),
    path("", include("opendata.urls")),
    path("", include("api.urls")),  # the REST API under /api/, API tokens on the profile
    path("i18n/setlang/", views.choose_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "shared_safety.refusals.permission_denied"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
