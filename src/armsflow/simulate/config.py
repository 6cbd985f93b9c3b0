"""Every parameter of the simulated world, with its default (docs/simulator.md lists them).

Rates are per firearm unless stated; defect rates are per trace request. The defaults
reproduce DOMAIN.md §8 within the tolerances of :mod:`armsflow.simulate.calibration`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

DEFAULT_SEED = 42
DEFAULT_YEAR = 2022
DEFAULT_FIREARMS = 100_000
CHUNK_FIREARMS = 1_000_000


class OutputFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"


@dataclass(frozen=True)
class DefectRates:
    """Data-quality problems injected into trace requests (probability per request)."""

    serial_missing: float
    serial_obliterated: float
    serial_misread: float
    make_missing: float
    make_misspelled: float
    make_alias: float
    caliber_variant: float
    type_in_words: float
    country_in_words: float
    importer_missing: float
    name_typo: float
    possessor_missing: float


US_DEFECTS = DefectRates(
    serial_missing=0.015, serial_obliterated=0.02, serial_misread=0.02, make_missing=0.004,
    make_misspelled=0.05, make_alias=0.3, caliber_variant=0.5, type_in_words=0.3,
    country_in_words=0.3, importer_missing=0.08, name_typo=0.05, possessor_missing=0.1,
)
FOREIGN_DEFECTS = DefectRates(
    serial_missing=0.035, serial_obliterated=0.05, serial_misread=0.04, make_missing=0.012,
    make_misspelled=0.10, make_alias=0.4, caliber_variant=0.7, type_in_words=0.6,
    country_in_words=0.6, importer_missing=0.12, name_typo=0.10, possessor_missing=0.2,
)


@dataclass(frozen=True)
class SchemeRates:
    """How often an eligible recovered gun belongs to each kind of scheme, and how many
    unrecovered guns ("companions") each recovered one stands for."""

    straw_ring: float = 0.85  # Mexico/Central America, US-sourced, TTC <= 3 years
    interstate: float = 0.6  # US, recovered in a strict-law state, out-of-state, TTC <= 3 y
    unlicensed_dealing: float = 0.08  # US, in-state, TTC 90 days - 5 years
    corrupt_dealer: float = 0.015  # US-sourced recoveries anywhere
    theft_from_licensee: float = 0.012
    theft_from_home: float = 0.06
    diverted_export_mx: float = 0.02  # US-sourced Mexico recoveries
    diverted_export_ca: float = 0.08  # US-sourced Central America recoveries
    straw_companions: float = 2.5
    interstate_companions: float = 1.5
    unlicensed_companions: float = 3.0
    burglary_companions: float = 8.0
    corrupt_dealer_share: float = 0.004  # of retail dealers
    gun_show_share: float = 0.10
    scheme_gun_show_share: float = 0.25


@dataclass(frozen=True)
class WorldRates:
    """Fates of the firearms and sizes of the industry."""

    us_recovery: float = 0.02
    mx_recovery: float = 0.006
    ca_recovery: float = 0.0008
    foreign_sourced: float = 0.19  # of Mexico/Central America recoveries
    in_stock: float = 0.05  # never sold at retail by the end of the year
    exported: float = 0.012
    too_old_us: float = 0.01  # recovered guns made before 1968 record keeping
    too_old_foreign: float = 0.03
    pmf_us: float = 0.05  # privately made firearms, per US recovery
    pmf_foreign: float = 0.012
    conversion_devices: float = 0.006  # per US recovery
    basket_share: float = 0.06  # ordinary sales bought together with another
    stolen_unrecovered: float = 0.003
    lost_in_stock: float = 0.002
    firearms_per_dealer: int = 500
    max_dealers: int = 60_000
    closed_dealer_share: float = 0.15
    closed_without_records: float = 0.2
    records_kept_years: int = 45


Knots = tuple[tuple[float, float], ...]
US_TTC: Knots = (
    (0, 0), (0.25, 0.08), (1, 0.25), (2, 0.37), (3, 0.46), (5, 0.58), (10, 0.77), (15, 0.89),
    (20, 0.95), (30, 0.99), (40, 1.0),
)
"""Time-to-crime of US crime guns: (years, cumulative share), NFCTA vol. II (25% < 1 y,
46% <= 3 y, mean about 6.2 y); linear between knots."""
MX_TTC: Knots = (
    (0, 0), (1, 0.06), (3, 0.14), (5, 0.20), (10, 0.36), (15, 0.52), (20, 0.70), (30, 0.92),
    (40, 1.0),
)
"""Time-to-crime of US-sourced Mexico recoveries (mean 14-15 years, GAO)."""
MARKET_SURGES: tuple[tuple[int, float], ...] = ((2013, 1.2), (2016, 1.1), (2020, 1.5), (2021, 1.3))


@dataclass(frozen=True)
class SimConfig:
    """One simulated world. ``year``: the recovery year (records run to its end)."""

    firearms: int = DEFAULT_FIREARMS
    seed: int = DEFAULT_SEED
    year: int = DEFAULT_YEAR
    format: OutputFormat = OutputFormat.CSV
    chunk_firearms: int = CHUNK_FIREARMS
    rates: WorldRates = field(default_factory=WorldRates)
    schemes: SchemeRates = field(default_factory=SchemeRates)
    us_defects: DefectRates = US_DEFECTS
    foreign_defects: DefectRates = FOREIGN_DEFECTS
    us_ttc: Knots = US_TTC
    mx_ttc: Knots = MX_TTC
    market_growth: float = 0.035
    market_surges: tuple[tuple[int, float], ...] = MARKET_SURGES
    person_records: int | None = None  # None: one per four firearms (persons.csv)

    def __post_init__(self) -> None:
        if self.firearms < 1:
            raise ValueError("firearms: at least 1")
        if self.person_records is not None and self.person_records < 0:
            raise ValueError("person_records: at least 0")
        if self.chunk_firearms < 1_000:
            raise ValueError("chunk_firearms: at least 1,000")
        if not 1990 <= self.year <= date.today().year:
            raise ValueError(f"year: between 1990 and {date.today().year}")

    @property
    def person_record_count(self) -> int:
        """Records in persons.csv: ``person_records``, or one per four firearms."""
        return self.firearms // 4 if self.person_records is None else self.person_records

    @property
    def world_end(self) -> date:
        """The last day with records: the end of ``year``, or yesterday."""
        return min(date(self.year, 12, 31), date.fromordinal(date.today().toordinal() - 1))
