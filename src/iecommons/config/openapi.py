"""The OpenAPI document, made to tell the truth about every operation in one place.

- An operation that lets anonymous callers through (its auth includes
  ``common.api.anonymous``) is documented as needing no credentials: its security list
  ends with the empty requirement ``{}``.
- Every operation documents every error status of the API's one error contract
  (``config.api``): 400 (a body that is not JSON, or too large), 401 (no or a bad token:
  a bad token is refused even on a public read), 403, 404, 422. An operation keeps its own
  schema where it declares one.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from iecommons.accounts.api_auth import anonymous
from iecommons.common.api import ErrorOut

ERROR_STATUSES = {
    400: "Bad request: the body is not JSON, is malformed or too large",
    401: "No valid credentials",
    403: "Not allowed",
    404: "Not found",
    422: "The input was refused; ``errors`` names each field",
}


class TruthfulSchema(OpenAPISchema):
    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security is not None and anonymous in operation.auth_callbacks:
            security.append({})
        return security

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        error_model: Any = ErrorOut
        schema = self._create_schema_from_model(error_model, by_alias=True, mode="serialization")[0]
        for status, description in ERROR_STATUSES.items():
            result.setdefault(
                status,
                {
                    "description": description,
                    "content": {self.api.renderer.media_type: {"schema": schema}},
                },
            )
        return result


class TruthfulNinjaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TruthfulSchema(api=self, path_prefix=path_prefix)
