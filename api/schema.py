"""What the generated OpenAPI schema adds to each operation: the refusals every public read
may answer (a filter that is not valid, a page or object that does not exist, too many
requests), so that a client, and the schema checks, know them."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "description": "A message: `detail` for the whole request, or a list per field.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
REFUSALS = {
    "400": "A filter or page size that is not valid; a message per parameter.",
    "404": "No such object among what is published, or no such page.",
    "429": "Too many anonymous requests: the Retry-After header says when to ask again.",
    "401": "The API token sent is not valid.",
}


def error_response(description):
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def document_refusals(result, generator, request, public):
    """A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in REFUSALS.items():
                if code in responses and "content" not in responses[code]:
                    responses[code] = error_response(responses[code]["description"])
                responses.setdefault(code, error_response(description))
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names api.authentication.BearerTokenAuthentication."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token, created on the profile page."}
