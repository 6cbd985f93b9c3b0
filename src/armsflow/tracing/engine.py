"""The resolution engine: plain functions from a request and registry facts to a result.

The order of the checks is the order a tracer works in (DOMAIN.md §1) and the order the
simulator's ground truth uses (docs/simulator.md, "Outcomes a perfect tracer could reach"):
identifiers first (item kind, serial, maker), then the gun in the registry (or an export
record, or nothing: foreign-sourced, too old), the import marks, then the walk from the
manufacturer or importer through each licensee to the retail sale.
"""

from __future__ import annotations

from armsflow.tracing.facts import (
    AnswerFact,
    BatchFacts,
    Candidate,
    ChainStep,
    ExportFact,
    GunFacts,
    LicenseeFact,
    RequestFacts,
    Result,
    TransferFact,
)
from armsflow.tracing.indicators import indicators_for
from armsflow.tracing.matching import choose, choose_export
from armsflow.tracing.vocab import Origin, Outcome, Reason, RecordsAnswer

MAKER_TYPES = frozenset({"06", "07", "08", "10", "11"})
GONE = frozenset({"out_of_business", "expired"})
"""Licensee statuses of a business that has closed: nobody is there to answer a records
request, so a walk that reaches one without records on file ends at it."""


def resolve(req: RequestFacts, facts: BatchFacts) -> Result:
    """The result of one trace request given the facts loaded for its batch."""
    early = precheck(req)
    if early is not None:
        return _finish(req, early, None, facts)
    chosen, ambiguous = choose(req, facts.candidates.get(req.trace_id, []))
    export = choose_export(req, facts.exports.get(req.trace_id, []))
    if export is not None and (chosen is None or (chosen.tier > 0
                                                  and export.serial_norm == req.serial_norm)):
        return _finish(req, _exported(export), None, facts)
    if chosen is None:
        result = _not_in_registry(req, facts, ambiguous)
        return _finish(req, result, None, facts)
    gun = facts.guns[chosen.firearm.id]
    result = _trace_gun(req, gun, chosen, facts)
    return _finish(req, result, gun, facts)


def precheck(req: RequestFacts) -> Result | None:
    """Requests that cannot be traced whatever the registry holds."""
    undetermined = Origin.UNDETERMINED
    if req.item_kind == "conversion_device":
        return Result(Outcome.NOT_COMPLETED, Reason.CONVERSION_DEVICE, undetermined)
    if req.item_kind == "privately_made" or (req.item_kind == "parts_kit"
                                              and not req.serial_norm):
        return Result(Outcome.NOT_COMPLETED, Reason.PRIVATELY_MADE, undetermined)
    if req.obliterated:
        return Result(Outcome.NOT_COMPLETED, Reason.OBLITERATED_SERIAL, undetermined)
    if not req.serial_norm:
        return Result(Outcome.NOT_COMPLETED, Reason.NO_SERIAL, undetermined)
    if not req.maker_key:
        return Result(Outcome.NOT_COMPLETED, Reason.NO_MANUFACTURER, undetermined)
    return None


def _foreign_made(req: RequestFacts) -> bool:
    return req.country is not None and req.country != "US"


def _not_in_registry(req: RequestFacts, facts: BatchFacts, ambiguous: bool) -> Result:
    if ambiguous:
        return Result(Outcome.NOT_COMPLETED, Reason.AMBIGUOUS_SERIAL, Origin.UNDETERMINED)
    if _foreign_made(req):
        return Result(Outcome.NOT_COMPLETED, Reason.FOREIGN_SOURCED, Origin.FOREIGN,
                      req.country)
    return Result(Outcome.NOT_COMPLETED, Reason.TOO_OLD, Origin.US, "US")


def _exported(ex: ExportFact) -> Result:
    step = ChainStep(ex.ship_date, "export", ex.exporter_name or ex.exporter_license,
                     ex.destination, f"licence {ex.license}")
    return Result(Outcome.COMPLETED_EXPORT, Reason.NONE, Origin.US, "US",
                  source_license=ex.exporter_license, match_note=f"export licence {ex.license}",
                  chain=[step])


def _trace_gun(req: RequestFacts, gun: GunFacts, chosen: Candidate,
               facts: BatchFacts) -> Result:
    imported = bool(gun.imports) or (gun.firearm.country not in (None, "US"))
    if imported and _foreign_made(req) and not req.importer:
        return Result(Outcome.NOT_COMPLETED, Reason.FOREIGN_NO_IMPORTER, Origin.UNDETERMINED,
                      firearm_id=gun.firearm.id, match_note=chosen.why)
    if imported and not gun.imports:
        return Result(Outcome.NOT_COMPLETED, Reason.FOREIGN_SOURCED, Origin.FOREIGN,
                      gun.firearm.country, firearm_id=gun.firearm.id, match_note=chosen.why)
    result = walk(req.trace_id, gun, facts)
    result.firearm_id = gun.firearm.id
    result.match_note = chosen.why
    return result


def _label(lic: LicenseeFact | None) -> str | None:
    if lic is None:
        return None
    where = f" ({lic.state})" if lic.state else ""
    return f"{lic.name}{where} {lic.ffl or ''}".strip()


def _next_transfer(transfers: list[TransferFact], start: int, licensee_id: int
                   ) -> tuple[int, TransferFact] | None:
    for i in range(start, len(transfers)):
        if transfers[i].from_id == licensee_id:
            return i, transfers[i]
    return None


def _received_on_file(transfers: list[TransferFact], start: int, licensee_id: int,
                      lic: dict[int, LicenseeFact]) -> tuple[int, TransferFact] | None:
    """The next move out of a licensee whose records are not on file, when it is usable:
    a transfer to a licensee whose records are on file (that licensee's acquisition
    record). Its own dispositions, a retail sale above all, are not on file."""
    found = _next_transfer(transfers, start, licensee_id)
    if found is None or found[1].to_licensee_id is None:
        return None
    receiver = lic.get(found[1].to_licensee_id)
    return found if receiver is not None and receiver.records_on_file else None


def walk(trace_id: int, gun: GunFacts, facts: BatchFacts) -> Result:
    """From the manufacturer or importer through each licensee to the retail sale."""
    lic = facts.licensees
    chain = [ChainStep(day, "import", None, _label(lic.get(importer)), f"made in {country}")
             for day, importer, country in gun.imports]
    if not gun.transfers:
        return Result(Outcome.NOT_COMPLETED, Reason.INVALID_IDENTIFIERS, Origin.US, "US",
                      chain=chain)
    answers = {a.licensee_id: a for a in facts.answers.get(trace_id, [])}
    current, start = gun.transfers[0].from_id, 0
    first = current
    for _hop in range(len(gun.transfers) + len(answers) + 1):
        here = lic[current]
        if not here.records_on_file:
            received = _received_on_file(gun.transfers, start, current, lic)
            if received is not None:
                index, move = received
                chain.append(ChainStep(move.day, "transfer", _label(here),
                                       _label(lic.get(move.to_licensee_id or 0)),
                                       "acquisition record of the receiving licensee"))
                current, start = move.to_licensee_id or 0, index + 1
                continue
            stolen = _stolen_from(here, first, gun, chain)
            if stolen is not None:  # a theft report is on file whatever the books are
                return stolen
            answer = answers.get(current)
            if answer is None:
                return _records_missing(here, first, chain)
            step = _apply_answer(answer, here, first, chain, facts)
            if isinstance(step, Result):
                return step
            current, start = step, 0
            continue
        found = _next_transfer(gun.transfers, start, current)
        if found is None:
            return _stop_at(here, first, gun, chain)
        index, move = found
        if move.to_purchaser_id is not None:
            return _retail_sale(here, move, chain, facts)
        assert move.to_licensee_id is not None
        chain.append(ChainStep(move.day, "transfer", _label(here),
                               _label(lic.get(move.to_licensee_id))))
        current, start = move.to_licensee_id, index + 1
    return _stop_at(lic[current], first, gun, chain)


def _dealer_result(here: LicenseeFact, first: int, reason: Reason,
                   chain: list[ChainStep]) -> Result:
    outcome = (Outcome.COMPLETED_MANUFACTURER if here.id == first
               or here.license_type in MAKER_TYPES else Outcome.COMPLETED_DEALER)
    chain.append(ChainStep(None, "stop", _label(here), None, reason.value))
    return Result(outcome, reason, Origin.US, "US", source_licensee_id=here.id,
                  source_license=here.ffl, source_state=here.state, chain=chain)


def _records_missing(here: LicenseeFact, first: int, chain: list[ChainStep]) -> Result:
    if here.status in GONE:
        return _dealer_result(here, first, Reason.OUT_OF_BUSINESS_NO_RECORD, chain)
    result = _dealer_result(here, first, Reason.NONE, chain)
    result.awaiting_licensee_id = here.id
    return result


def _apply_answer(answer: AnswerFact, here: LicenseeFact, first: int,
                  chain: list[ChainStep], facts: BatchFacts) -> Result | int:
    if answer.answer == RecordsAnswer.TRANSFERRED_TO_LICENSEE and answer.to_licensee_id:
        nxt = facts.licensees.get(answer.to_licensee_id)
        chain.append(ChainStep(answer.day, "transfer", _label(here), _label(nxt),
                               "records request answer"))
        return answer.to_licensee_id
    if answer.answer == RecordsAnswer.SOLD_TO_PURCHASER:
        chain.append(ChainStep(answer.day, "retail_sale", _label(here), answer.purchaser_label,
                               "records request answer"))
        return Result(Outcome.COMPLETED_PURCHASER, Reason.NONE, Origin.US, "US",
                      source_licensee_id=here.id, source_license=here.ffl,
                      source_state=here.state, purchaser_ref=answer.purchaser_label,
                      retail_sale_date=answer.day, chain=chain)
    return _dealer_result(here, first, Reason.LICENSEE_NO_RECORD, chain)


def _stolen_from(here: LicenseeFact, first: int, gun: GunFacts, chain: list[ChainStep]
                 ) -> Result | None:
    for day, licensee_id in gun.thefts:
        if licensee_id == here.id:
            chain.append(ChainStep(day, "theft", _label(here), None))
            return _dealer_result(here, first, Reason.STOLEN_FROM_LICENSEE, chain)
    return None


def _stop_at(here: LicenseeFact, first: int, gun: GunFacts, chain: list[ChainStep]) -> Result:
    """The walk found no disposition at ``here``."""
    stolen = _stolen_from(here, first, gun, chain)
    if stolen is not None:
        return stolen
    reason = Reason.LICENSEE_NO_RECORD if here.id == first else Reason.DEALER_NO_RECORD
    return _dealer_result(here, first, reason, chain)


def _retail_sale(here: LicenseeFact, move: TransferFact, chain: list[ChainStep],
                 facts: BatchFacts) -> Result:
    assert move.to_purchaser_id is not None
    buyer = facts.purchasers.get(move.to_purchaser_id)
    chain.append(ChainStep(move.day, "retail_sale", _label(here),
                           f"purchaser {buyer.ref}" if buyer else None))
    return Result(Outcome.COMPLETED_PURCHASER, Reason.NONE, Origin.US, "US",
                  source_licensee_id=here.id, source_license=here.ffl,
                  source_state=here.state, purchaser_id=move.to_purchaser_id,
                  purchaser_ref=buyer.ref if buyer else None, retail_sale_date=move.day,
                  chain=chain)


def _finish(req: RequestFacts, result: Result, gun: GunFacts | None,
            facts: BatchFacts) -> Result:
    """Time-to-crime and the trafficking indicators, for every result."""
    if result.retail_sale_date is not None:
        result.ttc_days = (req.recovery_date - result.retail_sale_date).days
    if gun is not None:
        for day, _lic in gun.thefts:
            if not any(s.kind == "theft" for s in result.chain):
                result.chain.append(ChainStep(day, "theft", None, None))
        for ref in gun.multiple_sales:
            result.chain.append(ChainStep(result.retail_sale_date, "multiple_sale", None,
                                          None, ref))
    buyer = facts.purchasers.get(result.purchaser_id) if result.purchaser_id else None
    result.indicators = indicators_for(req, result, gun, buyer)
    return result
