"""Graph construction on the tiny hand-built registry: exact nodes and edges."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from armsflow.graph import present, store
from armsflow.graph.export import everything
from armsflow.graph.ids import address_key
from armsflow.graph.model import EdgeKind


def _graph(session_factory: sessionmaker[Session]) -> tuple[set[str], set[tuple[str, str, str]]]:
    with session_factory() as db:
        built = store.build(db)
        state = built.view(everything(db))
        g = built.graph
        ids = present.node_ids(db, g, list(range(g.n_nodes)))
    assert state.node.all() and state.edge.all()
    edges = {(EdgeKind(int(k)).label, *sorted((ids[int(a)], ids[int(b)])))
             for a, b, k in zip(g.src, g.dst, g.ekind, strict=True)}
    assert len(edges) == g.n_edges - _same_ends_other_agency(g)
    return set(ids.values()), edges


def _same_ends_other_agency(g) -> int:  # type: ignore[no-untyped-def]
    seen: set[tuple[int, int, int]] = set()
    dup = 0
    for a, b, k in zip(g.src.tolist(), g.dst.tolist(), g.ekind.tolist(), strict=True):
        dup += (a, b, k) in seen
        seen.add((a, b, k))
    return dup


def test_tiny_registry_gives_exactly_these_nodes_and_edges(
        session_factory: sessionmaker[Session], tiny: dict[str, int]) -> None:
    t = tiny
    nodes, edges = _graph(session_factory)
    a = f"address:{address_key('1 Synthetic Way', 'Phoenix', 'AZ', '85001')}"
    b = f"address:{address_key('9 Other Road', 'Phoenix', 'AZ', '85001')}"
    m, d, d2 = "licensee:5-74-00001", "licensee:9-86-00002", "licensee:9-86-00003"
    ph_m, ph_d = "phone:5551000001", "phone:5552000002"
    p1, p2, p3 = (f"person:{t[k]}" for k in ("P1", "P2", "P3"))
    g1, g2, g3, g4 = (f"firearm:{t[k]}" for k in ("G1", "G2", "G3", "G4"))
    t1, t2, t3 = (f"trace:{t[k]}" for k in ("T1", "T2", "T3"))
    r1, r2 = f"recovery:{t['T1']}", f"recovery:{t['T2']}"
    roe, doe = f"person:t{t['T1']}", f"person:t{t['T2']}"
    assert nodes == {p1, p2, p3, roe, doe, a, b, ph_m, ph_d, m, d, d2, g1, g2, g3, g4,
                     r1, r2, t1, t2, t3}

    def e(kind: str, x: str, y: str) -> tuple[str, str, str]:
        return (kind, *sorted((x, y)))  # type: ignore[return-value]

    expected = {
        e("phone", m, ph_m), e("phone", d, ph_d), e("phone", d2, ph_d),
        e("lives_at", p1, a), e("lives_at", p2, a), e("lives_at", p3, b),
        *(e("transfer", g, m) for g in (g1, g2, g3, g4)),
        *(e("transfer", g, d) for g in (g1, g2, g3)), e("transfer", g4, d2),
        e("sale", g1, p1), e("sale", g2, p1), e("sale", g3, p2),
        e("multiple_sale", g1, p1), e("multiple_sale", g2, p1),
        e("theft", d2, g4),
        e("traced", t1, r1), e("traced", t3, r1), e("traced", t2, r2),
        e("recovered", r1, g1), e("recovered", r2, g2),
        e("source", t1, d), e("source", t2, d), e("source", t3, d),
        e("purchaser", t1, p1), e("purchaser", t2, p1), e("purchaser", t3, p1),
        e("possessed", r1, roe), e("possessed", r2, doe),
    }
    assert edges == expected


def test_merged_people_are_one_node(session_factory: sessionmaker[Session],
                                    tiny: dict[str, int]) -> None:
    """Entity resolution merging P2 into P1 and Roe (possessor of T1) into them gives one
    person node, reachable by any member id."""
    from armsflow.graph import people as people_mod
    from armsflow.graph import repository
    from armsflow.graph.ids import Kind
    from armsflow.graph.model import assemble

    merged = people_mod.merge([(tiny["P1"], 7), (tiny["P2"], 7), (tiny["P3"], 9)],
                              [(tiny["T1"], 7), (tiny["T2"], 11)])
    with session_factory() as db:
        nodes, edges, aliases = repository.load(db, merged)
    g = assemble(nodes, edges, aliases)
    one = g.find(Kind.PERSON, min(tiny["P1"], tiny["P2"]))
    assert one is not None
    assert g.find(Kind.PERSON, max(tiny["P1"], tiny["P2"])) == one
    assert g.find(Kind.PERSON, -tiny["T1"]) == one
    assert g.find(Kind.PERSON, -tiny["T2"]) is not None  # Doe stays on his own
    persons = int((g.kind == Kind.PERSON).sum())
    assert persons == 3  # {P1, P2, Roe}, P3, Doe
    around = {EdgeKind(int(g.ekind[e])).label for e in g.edges_of(one)}
    assert {"sale", "multiple_sale", "lives_at", "possessed", "purchaser"} <= around


def test_dates_stay_with_their_records(session_factory: sessionmaker[Session],
                                       tiny: dict[str, int]) -> None:
    """Each node's and link's date is its own record's (columns read together, never
    realigned by an index scan)."""
    from datetime import date

    from armsflow.graph.ids import Kind

    with session_factory() as db:
        g = store.build(db).graph
    recovered = {"T1": date(2023, 2, 1), "T2": date(2023, 4, 1), "T3": date(2023, 2, 1)}
    for name, when in recovered.items():
        idx = g.find(Kind.TRACE, tiny[name])
        assert idx is not None and present.day_to_date(int(g.day[idx])) == when
        dated = {present.day_to_date(int(g.eday[e])) for e in g.edges_of(idx)}
        assert dated == {when}, name
    sold = {"G1": date(2022, 3, 1), "G3": date(2022, 5, 1)}
    for name, when in sold.items():
        idx = g.find(Kind.FIREARM, tiny[name])
        assert idx is not None
        sales = [e for e in g.edges_of(idx) if g.ekind[e] == EdgeKind.SALE]
        assert [present.day_to_date(int(g.eday[e])) for e in sales] == [when]
    theft = g.find(Kind.FIREARM, tiny["G4"])
    assert theft is not None
    assert {present.day_to_date(int(g.eday[e])) for e in g.edges_of(theft)
            if g.ekind[e] == EdgeKind.THEFT} == {date(2022, 6, 1)}
