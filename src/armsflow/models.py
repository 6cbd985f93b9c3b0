"""Imports every table module so that ``Base.metadata`` is complete (Alembic, tests)."""

from armsflow.analytics import models as analytics_models
from armsflow.audit import models as audit_models
from armsflow.auth import models as auth_models
from armsflow.cases import models as cases_models
from armsflow.db.base import Base
from armsflow.entities import models as entities_models
from armsflow.graph import models as graph_models
from armsflow.leads import models as leads_models
from armsflow.monitoring import models as monitoring_models
from armsflow.operations import models as operations_models
from armsflow.registry import models as registry_models
from armsflow.tracing import models as tracing_models

__all__ = [
    "Base", "analytics_models", "audit_models", "auth_models", "cases_models",
    "entities_models", "graph_models", "leads_models", "monitoring_models",
    "operations_models", "registry_models", "tracing_models",
]
