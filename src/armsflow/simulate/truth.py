"""Ground truth, kept apart from the records: per recovered gun its true source, time to
crime, scheme and the outcome a perfect tracer could reach; per scheme its members."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Bools, Ints, coded, dates, padded, pool
from armsflow.simulate.chunk import Chunk
from armsflow.simulate.exports import licence_refs
from armsflow.simulate.firearm_columns import GunText
from armsflow.simulate.geography import STATE_CODES
from armsflow.simulate.licensees import NEVER
from armsflow.simulate.people import People
from armsflow.simulate.records import purchaser_ids, where_empty, with_empty
from armsflow.simulate.world import World

TRUTH_COLUMNS = (
    "request_ref", "item_ref", "item_kind", "serial_number", "manufacturer", "model",
    "caliber", "firearm_type", "country_of_manufacture", "true_origin", "importer_license",
    "recovery_country", "recovery_state", "recovery_date", "channel", "scheme_id",
    "source_licensee", "source_state", "purchaser_id", "retail_sale_date", "ttc_days",
    "sale_venue", "theft_date", "export_license", "exporter_license", "defects", "outcome",
    "outcome_reason", "origin_outcome", "source_state_known",
)
TRUE_ORIGINS = ("us_made", "us_imported", "foreign", "privately_made", "conversion_device")


def scheme_refs(numbers: Ints) -> pa.Array:
    """``SCH-0000042``; empty for -1."""
    return where_empty(numbers >= 0, padded("SCH-", np.maximum(numbers, 0), 7))


def closed_without_records(world: World, dealers: Ints) -> Bools:
    lic = world.licensees
    d = np.maximum(dealers, 0)
    return (dealers >= 0) & (lic.closed[d] < NEVER) & ~lic.records[d]


def gun_truth(world: World, chunk: Chunk, text: GunText, people: People, g: Ints,
              head: dict[str, pa.Array], codes: tuple[Ints, Ints, Ints],
              defects: list[str]) -> pa.Table:
    cat, lic = world.catalog, world.licensees
    outcome, reason, origin = codes
    model, sold = chunk.model[g], chunk.sold[g]
    imported = cat.imported[model] & ~chunk.foreign[g]
    true_origin = np.where(chunk.foreign[g], 2, np.where(imported, 1, 0))
    dealer = chunk.dealer[g]
    has_sale = chunk.sale_day[g] >= 0
    ttc = np.where(has_sale & (chunk.channel[g] != C.THEFT_LICENSEE)
                   & (chunk.export_dest[g] < 0), chunk.rec_day[g] - chunk.sale_day[g], -1)
    exporter = np.where(chunk.licence[g] >= 0, text.source[g], lic.count)
    cols = {
        "request_ref": head["request_ref"],
        "item_ref": padded("F", chunk.first_id + g, 10),
        "item_kind": coded(model, cat.kinds),
        "serial_number": text.serial.take(pa.array(g)),
        "manufacturer": coded(cat.maker[model], cat.maker_names),
        "model": coded(model, cat.model_names), "caliber": coded(model, cat.calibers),
        "firearm_type": coded(model, cat.ncic),
        "country_of_manufacture": coded(model, cat.countries),
        "true_origin": coded(true_origin, pool(list(TRUE_ORIGINS))),
        "importer_license": coded(np.where(imported, text.source[g], lic.count),
                                  with_empty(lic.ffl)),
        "recovery_country": head["recovery_country"], "recovery_state": head["recovery_state"],
        "recovery_date": head["recovery_date"],
        "channel": coded(chunk.channel[g], pool(list(C.CHANNELS))),
        "scheme_id": scheme_refs(chunk.scheme[g]),
        "source_licensee": coded(np.where(dealer >= 0, dealer, lic.count), with_empty(lic.ffl)),
        "source_state": coded(np.where(dealer >= 0, lic.state[np.maximum(dealer, 0)],
                                       len(STATE_CODES)), pool([*STATE_CODES, ""])),
        "purchaser_id": purchaser_ids(people, np.where(sold, chunk.buyer[g], -1)),
        "retail_sale_date": dates(chunk.sale_day[g], sold),
        "ttc_days": pa.array(ttc, mask=ttc < 0),
        "sale_venue": coded(np.where(sold, chunk.gun_show[g].astype(np.int64), 2),
                            pool(["premises", "gun_show", ""])),
        "theft_date": dates(chunk.theft_day[g], chunk.theft_day[g] >= 0),
        "export_license": _licences(chunk.licence[g]),
        "exporter_license": coded(exporter, with_empty(lic.ffl)),
    }
    cols.update(outcome_columns(defects, outcome, reason, origin))
    return pa.table(cols)


def _licences(numbers: Ints) -> pa.Array:
    return where_empty(numbers >= 0, licence_refs(np.maximum(numbers, 0)))


def outcome_columns(defects: list[str], outcome: Ints, reason: Ints, origin: Ints
                    ) -> dict[str, pa.Array]:
    known = (outcome == C.COMPLETED_PURCHASER) | (outcome == C.COMPLETED_DEALER)
    return {
        "defects": pa.array(defects, type=pa.string()),
        "outcome": coded(outcome, pool(list(C.OUTCOMES))),
        "outcome_reason": coded(reason, pool(list(C.REASONS))),
        "origin_outcome": coded(origin, pool(list(C.ORIGINS))),
        "source_state_known": coded(known.astype(np.int64), pool(["N", "Y"])),
    }
