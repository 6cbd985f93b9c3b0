"""Domain errors. Each carries the HTTP status it maps to and a message a user can act on."""

from __future__ import annotations


class ArmsFlowError(Exception):
    """Base of every error a user may see."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadRequest(ArmsFlowError):
    """The request itself is wrong (as opposed to the content of a file it carries)."""

    status_code = 400


class NotFound(ArmsFlowError):
    status_code = 404


class Forbidden(ArmsFlowError):
    status_code = 403


class NotAuthenticated(ArmsFlowError):
    status_code = 401


class Conflict(ArmsFlowError):
    status_code = 409


class InvalidInput(ArmsFlowError):
    status_code = 422


class TooManyAttempts(ArmsFlowError):
    status_code = 429
