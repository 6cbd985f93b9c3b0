"""Plain values the resolution engine works on: the request as normalised at intake and the
registry facts the repository loads for a batch. No SQL, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armsflow.tracing.vocab import Indicator, Origin, Outcome, Reason


@dataclass(frozen=True, slots=True)
class RequestFacts:
    trace_id: int
    serial_norm: str | None
    obliterated: bool
    maker_key: str | None
    maker_known: bool
    model: str | None
    caliber: str | None
    country: str | None
    importer: str | None
    item_kind: str
    recovery_date: date
    recovery_country: str
    recovery_state: str | None
    possessor_key: str | None = None
    possessor_dob: date | None = None


@dataclass(frozen=True, slots=True)
class FirearmFact:
    id: int
    maker_key: str
    serial_norm: str
    model: str | None
    caliber: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class LicenseeFact:
    id: int
    ffl: str | None
    license_type: str
    state: str | None
    status: str
    records_on_file: bool
    name: str


@dataclass(frozen=True, slots=True)
class PurchaserFact:
    id: int
    ref: str
    name_key: str
    dob: date | None


@dataclass(frozen=True, slots=True)
class TransferFact:
    day: date
    from_id: int
    to_licensee_id: int | None
    to_purchaser_id: int | None


@dataclass(frozen=True, slots=True)
class ExportFact:
    license: str
    exporter_license: str | None
    exporter_name: str | None
    destination: str
    ship_date: date | None
    maker_key: str
    serial_norm: str


@dataclass(frozen=True, slots=True)
class AnswerFact:
    """A licensee's answer to a records request, used as one more disposition."""

    licensee_id: int
    answer: str
    day: date | None
    to_licensee_id: int | None
    purchaser_label: str | None


@dataclass
class GunFacts:
    """Everything the registry knows about one firearm."""

    firearm: FirearmFact
    transfers: list[TransferFact] = field(default_factory=list)
    thefts: list[tuple[date, int | None]] = field(default_factory=list)
    multiple_sales: list[str] = field(default_factory=list)
    imports: list[tuple[date, int, str]] = field(default_factory=list)
    nfa: list[str] = field(default_factory=list)
    earlier_traces: int = 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registry firearm that may be the recovered gun, with why it matched."""

    firearm: FirearmFact
    tier: int  # 0 exact serial, 1 commonly misread character, 2 one character off
    why: str


@dataclass
class BatchFacts:
    """What the repository loads for a batch of traces, keyed for the engine."""

    candidates: dict[int, list[Candidate]] = field(default_factory=dict)
    guns: dict[int, GunFacts] = field(default_factory=dict)
    licensees: dict[int, LicenseeFact] = field(default_factory=dict)
    purchasers: dict[int, PurchaserFact] = field(default_factory=dict)
    exports: dict[int, list[ExportFact]] = field(default_factory=dict)
    answers: dict[int, list[AnswerFact]] = field(default_factory=dict)


@dataclass(frozen=True)
class ChainStep:
    """One entry of the custody timeline shown on the result."""

    day: date | None
    kind: str  # import | transfer | retail_sale | theft | multiple_sale | export | nfa | stop
    source: str | None
    target: str | None
    note: str | None = None


@dataclass
class Result:
    outcome: Outcome
    reason: Reason
    origin: Origin
    origin_country: str | None = None
    firearm_id: int | None = None
    match_note: str | None = None
    source_licensee_id: int | None = None
    source_license: str | None = None
    source_state: str | None = None
    purchaser_id: int | None = None
    purchaser_ref: str | None = None
    retail_sale_date: date | None = None
    ttc_days: int | None = None
    indicators: list[Indicator] = field(default_factory=list)
    chain: list[ChainStep] = field(default_factory=list)
    awaiting_licensee_id: int | None = None
    """Set when the walk stopped at a licensee whose records are not on file: the trace
    waits on a records request to it instead of completing."""
