"""API shapes of the graph feature (Pydantic)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class NodeRead(BaseModel):
    id: str = Field(description="Stable node id, e.g. firearm:12 (docs/graph.md).")
    kind: str
    label: str
    date: dt.date | None = Field(None, description="Recovery date of recoveries and traces.")
    degree: int = Field(description="Links you may see.")
    url: str | None = Field(None, description="Page of the record behind the node, if any.")
    community: int | None = None


class EdgeRead(BaseModel):
    id: str
    source: str
    target: str
    kind: str
    date: dt.date | None = None


class SubgraphRead(BaseModel):
    focus: str | None = None
    nodes: list[NodeRead]
    edges: list[EdgeRead]
    truncated: bool = Field(False, description="More neighbours exist than were returned.")


class CentralNode(NodeRead):
    betweenness: float | None = Field(
        None, description="Normalised betweenness inside the community (None when too large).")


class CommunityRead(BaseModel):
    id: int
    size: int
    kinds: dict[str, int]
    central: list[CentralNode]


class CommunityPage(BaseModel):
    items: list[CommunityRead]
    total: int


class GraphSummary(BaseModel):
    nodes: int
    edges: int
    kinds: dict[str, int]
    built_seconds: float
