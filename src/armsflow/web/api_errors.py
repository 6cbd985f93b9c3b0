"""The error body every API route may return, documented once for the OpenAPI schema."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel


class ErrorDetail(BaseModel):
    message: str
    field: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ValidationProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    field: str


class ValidationProblems(BaseModel):
    """A request whose fields do not fit the schema (FastAPI's shape, plus ``field``)."""

    detail: list[ValidationProblem]


COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad input"},
    401: {"model": ErrorBody, "description": "Not logged in, or the API token is invalid"},
    403: {"model": ErrorBody, "description": "Your role or agency may not do this"},
    404: {"model": ErrorBody, "description": "Not found"},
    409: {"model": ErrorBody, "description": "Conflicts with a record that exists"},
}


# Identifiers in paths: positive and within the range every backend's integer columns hold.
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Record identifier")]
