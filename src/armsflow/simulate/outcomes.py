"""What a perfect tracer could reach for each recovered gun, given the injected defects.

A perfect tracer resolves misspelled makes, caliber spellings and misread serials (the
platform's matchers are meant to); it cannot trace without a serial or a maker, past a
foreign gun whose import marks are missing, a gun made before 1968, a licensee's record
that does not exist (off-book sale, out-of-business dealer without records), or a gun
that never had a US retail sale (stolen from a licensee, exported, foreign-sourced).
"""

from __future__ import annotations

import numpy as np

from armsflow.simulate import codes as C
from armsflow.simulate.arrays import Bools, Ints


def outcomes(
    flags: dict[str, Bools], channel: Ints, imported: Bools, closed_no_records: Bools
) -> tuple[Ints, Ints, Ints]:
    """(outcome, reason, origin) codes per request."""
    no_importer = flags["importer_missing"] & imported
    rules = (
        (flags["serial_missing"], C.NOT_COMPLETED, C.R_NO_SERIAL),
        (flags["serial_obliterated"], C.NOT_COMPLETED, C.R_OBLITERATED),
        (flags["make_missing"], C.NOT_COMPLETED, C.R_NO_MAKER),
        (channel == C.FOREIGN, C.NOT_COMPLETED, C.R_FOREIGN),
        (channel == C.TOO_OLD, C.NOT_COMPLETED, C.R_TOO_OLD),
        (no_importer, C.NOT_COMPLETED, C.R_NO_IMPORTER),
        (channel == C.DIVERTED, C.COMPLETED_EXPORT, C.R_NONE),
        (channel == C.THEFT_LICENSEE, C.COMPLETED_DEALER, C.R_STOLEN),
        (channel == C.CORRUPT, C.COMPLETED_DEALER, C.R_DEALER_NO_RECORD),
        (closed_no_records, C.COMPLETED_DEALER, C.R_OOB),
    )
    conds = [r[0] for r in rules]
    outcome = np.select(conds, [r[1] for r in rules], C.COMPLETED_PURCHASER)
    reason = np.select(conds, [r[2] for r in rules], C.R_NONE)
    unknown = (flags["serial_missing"] | flags["serial_obliterated"] | flags["make_missing"]
               | no_importer)
    origin = np.where(unknown, C.O_UNDETERMINED,
                      np.where(channel == C.FOREIGN, C.O_FOREIGN, C.O_US))
    return outcome.astype(np.int64), reason.astype(np.int64), origin.astype(np.int64)
