"""Every generated licence is valid in every segment and fits its premise state."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sim_helpers import column, read

from armsflow.simulate.geography import STATE_CODES
from armsflow.types.ffl import DISTRICTS_BY_REGION, FFLNumber


def test_every_licence_is_valid_and_in_its_district(small_world: Path) -> None:
    table = read(small_world, "licensees")
    rows = zip(*(column(table, c) for c in ("LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE",
                                            "LIC_XPRDTE", "LIC_SEQN", "PREMISE_STATE")),
               strict=True)
    keys = []
    for regn, dist, cnty, typ, xp, seqn, state in rows:
        number = FFLNumber.parse(f"{regn}-{dist}-{cnty}-{typ}-{xp}-{seqn}")
        assert len(dist) == 2 and len(cnty) == 3 and len(seqn) == 5
        assert state in DISTRICTS_BY_REGION[regn][dist].split("/"), (number, state)
        keys.append(number.rds_key)
    assert len(keys) == len(set(keys)), "RDS keys repeat"


def test_every_jurisdiction_has_a_retail_dealer_and_types_are_mixed(small_world: Path) -> None:
    table = read(small_world, "licensees")
    retail = Counter(s for s, t in zip(column(table, "PREMISE_STATE"),
                                       column(table, "LIC_TYPE"), strict=True)
                     if t in ("01", "02"))
    assert set(retail) == set(STATE_CODES)
    types = set(column(table, "LIC_TYPE"))
    assert {"01", "02", "03", "07", "08"} <= types
    statuses = Counter(column(table, "STATUS"))
    assert statuses["active"] > statuses["out_of_business"] > 0
    assert "N" in column(table, "RECORDS_ON_FILE")


def test_transfers_name_only_listed_licensees(small_world: Path) -> None:
    table = read(small_world, "licensees")
    segments = ("LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE", "LIC_XPRDTE", "LIC_SEQN")
    listed = {"-".join(p) for p in zip(*(column(table, c) for c in segments), strict=True)}
    transfers = read(small_world, "transfers")
    named = set(column(transfers, "from_license")) | set(column(transfers, "to_license"))
    assert named - {""} <= listed
