"""The run: build the world, stream the chunks, write every file, close the schemes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate import records as R
from armsflow.simulate.baskets import Baskets, baskets
from armsflow.simulate.chains import assign_dealers, build_chains
from armsflow.simulate.chunk import Chunk, new_chunk
from armsflow.simulate.config import SimConfig
from armsflow.simulate.diversion import (
    burglaries,
    corrupt_dealers,
    diverted_exports,
    export_licences,
    owner_thefts,
)
from armsflow.simulate.exports import exports
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.items import draw_items, item_recoveries
from armsflow.simulate.layout import FILES
from armsflow.simulate.people import NameTables, People, assign_buyers, build_people
from armsflow.simulate.people_book import PersonBook, SchemeBook
from armsflow.simulate.person_records import person_records
from armsflow.simulate.recoveries import gun_recoveries
from armsflow.simulate.rng import Component, stream
from armsflow.simulate.scheme_tables import Ledger, corrupt_tables, member_tables, scheme_rows
from armsflow.simulate.schemes import Companions, purchasing_schemes
from armsflow.simulate.serials import SerialMaker, old_serials
from armsflow.simulate.world import World, build_world
from armsflow.simulate.writer import Sink

Progress = Callable[[int, int], None]


@dataclass
class Counters:
    """Numbers handed out across chunks, so that every reference is unique in the run."""

    scheme: int
    person: int = 1
    sale_report: int = 1
    theft_report: int = 1
    licence: int = 1
    request: int = 1
    item: int = 1
    firearms: int = 0
    old_serial: int = 1


@dataclass
class SimulationResult:
    out: Path
    config: SimConfig
    reference_year: int
    reference_origin: str
    rows: dict[str, int] = field(default_factory=dict)


def simulate(config: SimConfig, out: Path, progress: Progress | None = None) -> SimulationResult:
    """Write the world of ``config`` into ``out`` (created if needed)."""
    world = build_world(config)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    sinks = {name: Sink(out / name, cols, config.format, quoted)
             for name, (cols, quoted) in FILES.items()}
    try:
        sinks["licensees"].write(world.licensees.table)
        sinks["agencies"].write(world.agencies.table)
        _chunks(world, sinks, progress)
        _person_records(world, sinks)
    finally:
        for sink in sinks.values():
            sink.close()
    result = SimulationResult(out, config, world.reference.year, world.reference.origin,
                              {name: sink.rows for name, sink in sinks.items()})
    _manifest(world, result)
    return result


def _person_records(world: World, sinks: dict[str, Sink]) -> None:
    """persons.csv and its truth (entity resolution; docs/simulator.md, Person records)."""
    cfg = world.config
    records, truth = person_records(cfg.seed, cfg.person_record_count, world.pools, world.geo)
    sinks["persons"].write(records)
    sinks["truth/persons"].write(truth)


def _chunks(world: World, sinks: dict[str, Sink], progress: Progress | None) -> None:
    config = world.config
    counters = Counters(scheme=world.first_chunk_scheme)
    ledger = Ledger(world.first_chunk_scheme)
    serials = SerialMaker(config.seed, world.catalog.makers)
    names = NameTables.of(world.pools)
    for index, start in enumerate(range(0, config.firearms, config.chunk_firearms)):
        size = min(config.chunk_firearms, config.firearms - start)
        chunk = new_chunk(world, index, start, size)
        _run_chunk(world, chunk, serials, names, counters, ledger, sinks)
        if progress is not None:
            progress(start + size, config.firearms)
    table, members = corrupt_tables(world, ledger)
    sinks["truth/schemes"].write(table)
    sinks["truth/scheme_members"].write(members)


def _schemes(world: World, chunk: Chunk, counters: Counters
             ) -> tuple[SchemeBook, PersonBook, Baskets]:
    rng = stream(world.config.seed, Component.SCHEMES, chunk.index)
    book, persons = SchemeBook(first=counters.scheme), PersonBook()
    pool = Companions(chunk, rng)
    purchasing_schemes(world, chunk, book, persons, pool, rng)
    corrupt_dealers(world, chunk, pool, rng)
    burglaries(world, chunk, book, pool, rng)
    owner_thefts(world, chunk, rng)
    erng = stream(world.config.seed, Component.EXPORTS, chunk.index)
    diverted_exports(world, chunk, erng)
    counters.licence += export_licences(world, chunk, book, counters.licence, erng)
    return book, persons, baskets(world, chunk, rng)


def _run_chunk(world: World, chunk: Chunk, serials: SerialMaker, names: NameTables,
               counters: Counters, ledger: Ledger, sinks: dict[str, Sink]) -> None:
    seed, i = world.config.seed, chunk.index
    book, persons, pairs = _schemes(world, chunk, counters)
    dealer_in = assign_dealers(world, chunk, stream(seed, Component.DEALERS, i))
    pairs.same_dealer(chunk)
    chains = build_chains(world, chunk, dealer_in, stream(seed, Component.CHAINS, i))
    prng = stream(seed, Component.PEOPLE, i)
    assign_buyers(world, chunk, persons, prng)
    pairs.same_buyer(chunk)
    people = build_people(world, chunk, persons, names, counters.person, prng)
    counters.person += people.count
    maker = world.catalog.maker[chunk.model]
    serial = serials.serials(maker)
    old = np.flatnonzero(chunk.old)
    serial = old_serials(serial, old, counters.old_serial)
    counters.old_serial += len(old)
    text = GunText(serial, chunk.model, world.maker_source[maker])
    sinks["purchasers"].write(people.table)
    sinks["transfers"].write(R.transfers(world, chunk, chains, text, people))
    rrng = stream(seed, Component.REPORTS, i)
    sales, used = R.multiple_sales(world, chunk, text, people, counters.sale_report)
    counters.sale_report += used
    sinks["multiple-sales"].write(sales)
    thefts, used = R.thefts(world, chunk, text, people, dealer_in, counters.theft_report, rrng)
    counters.theft_report += used
    sinks["thefts"].write(thefts)
    sinks["imports"].write(R.imports(world, chunk, text, chains, rrng))
    sinks["nfa"].write(R.nfa(world, chunk, text, people, dealer_in))
    sinks["exports"].write(exports(world, chunk, text, stream(seed, Component.EXPORTS, 1000 + i)))
    _recoveries(world, chunk, text, people, names, book, counters, ledger, sinks)


def _recoveries(world: World, chunk: Chunk, text: GunText, people: People, names: NameTables,
                book: SchemeBook, counters: Counters, ledger: Ledger,
                sinks: dict[str, Sink]) -> None:
    guns = gun_recoveries(world, chunk, text, people, names, counters.request)
    counters.request += guns.count
    us = int(np.sum(chunk.fate == C.REC_US))
    items = draw_items(world, chunk.index, us, int(np.sum(chunk.recovered)) - us)
    found, numbers = item_recoveries(world, chunk.index, items, names, book, counters.request,
                                     counters.item)
    counters.request += found.count
    counters.item += found.count
    for rec in (guns, found):
        sinks["trace_requests"].write(rec.requests)
        sinks["truth/recoveries"].write(rec.truth)
    refs = found.requests.column("request_ref").combine_chunks()
    for table in member_tables(world, chunk, text, people, (numbers, refs)):
        sinks["truth/scheme_members"].write(table)
    sinks["truth/schemes"].write(scheme_rows(world, chunk, book, (numbers, items.day), ledger))
    counters.scheme += book.count
    counters.firearms += chunk.size


def _manifest(world: World, result: SimulationResult) -> None:
    cfg = world.config
    manifest = {
        "firearms": cfg.firearms, "seed": cfg.seed, "year": cfg.year,
        "format": str(cfg.format), "chunk_firearms": cfg.chunk_firearms,
        "reference": {"origin": world.reference.origin, "year": world.reference.year},
        "world_end": cfg.world_end.isoformat(), "rows": result.rows,
    }
    path = result.out / "truth" / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
