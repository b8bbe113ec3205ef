"""The OpenAPI schema and its Swagger UI, whose files come from drf-spectacular-sidecar
under /static/: the content security policy needs no outside host and no inline script or
style (the page's script is a second request, SpectacularSwaggerSplitView's)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api:schema"
    title = _("Shared Safety Planner API")
