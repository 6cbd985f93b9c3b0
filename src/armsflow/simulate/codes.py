"""The simulator's own vocabulary: fates, channels, scheme kinds, trace outcomes.

Arrays carry the integer codes; the truth files carry the names. Each tuple's position is
the code, so ``CHANNELS[code]`` is the name written out.
"""

from __future__ import annotations

# fate of each firearm in the year of the world
SOLD, STOCK, EXPORTED, REC_US, REC_MX, REC_CA, STOLEN = range(7)
FATES = ("sold", "in_stock", "exported", "recovered_us", "recovered_mexico",
         "recovered_central_america", "stolen")

# how a recovered gun got where it was found
(ORDINARY, STRAW, INTERSTATE, UNLICENSED, CORRUPT, THEFT_LICENSEE, THEFT_HOME, DIVERTED,
 SECONDARY, FOREIGN, TOO_OLD, PMF, DEVICE) = range(13)
CHANNELS = (
    "retail_then_misuse", "straw_purchase", "interstate_trafficking", "unlicensed_dealing",
    "corrupt_dealer", "theft_from_licensee", "theft_from_owner", "diverted_export",
    "secondary_market_smuggling", "foreign_sourced", "pre_1968", "privately_made",
    "conversion_device",
)

SCHEME_KINDS = {
    STRAW: "straw_ring", INTERSTATE: "interstate_trafficking",
    UNLICENSED: "unlicensed_dealing", CORRUPT: "corrupt_dealer",
    THEFT_LICENSEE: "theft_from_licensee", DIVERTED: "diverted_export",
    PMF: "privately_made_firearms", DEVICE: "conversion_devices",
}

# what a perfect tracer reaches, given the injected defects
OUTCOMES = ("completed_purchaser", "completed_dealer", "completed_export", "not_completed")
COMPLETED_PURCHASER, COMPLETED_DEALER, COMPLETED_EXPORT, NOT_COMPLETED = range(4)
REASONS = (
    "", "no_serial", "obliterated_serial", "no_manufacturer", "too_old",
    "foreign_no_importer", "foreign_sourced", "stolen_from_licensee", "dealer_no_record",
    "out_of_business_no_record", "privately_made", "conversion_device",
)
(R_NONE, R_NO_SERIAL, R_OBLITERATED, R_NO_MAKER, R_TOO_OLD, R_NO_IMPORTER, R_FOREIGN,
 R_STOLEN, R_DEALER_NO_RECORD, R_OOB, R_PMF, R_DEVICE) = range(12)
ORIGINS = ("us", "foreign", "undetermined")
O_US, O_FOREIGN, O_UNDETERMINED = range(3)

NONE = -1
"""Missing index or day."""
