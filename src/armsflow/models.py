"""Imports every table module so that ``Base.metadata`` is complete (Alembic, tests)."""

from armsflow.audit import models as audit_models
from armsflow.auth import models as auth_models
from armsflow.db.base import Base
from armsflow.registry import models as registry_models
from armsflow.tracing import models as tracing_models

__all__ = ["Base", "audit_models", "auth_models", "registry_models", "tracing_models"]
