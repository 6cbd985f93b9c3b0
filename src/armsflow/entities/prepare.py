"""Name, date and address normalisation, as one SQL query run by DuckDB.

The same query prepares a million records for a run and the two records of a pair to
explain, so a pair is always explained exactly as it was scored. Input: a table with
``unique_id``, ``last_name``, ``first_name``, ``middle_name``, ``dob``, ``sex``,
``street``, ``city``, ``state``, ``zip``, ``phone``. Output: the columns the model compares
(``MODEL_COLUMNS``).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from armsflow.entities.nicknames import NICKNAMES

STREET_WORDS = (
    ("STREET", "ST"), ("AVENUE", "AVE"), ("AV", "AVE"), ("ROAD", "RD"), ("DRIVE", "DR"),
    ("BOULEVARD", "BLVD"), ("LANE", "LN"), ("COURT", "CT"), ("PLACE", "PL"),
    ("CIRCLE", "CIR"), ("TERRACE", "TER"), ("PARKWAY", "PKWY"), ("HIGHWAY", "HWY"),
    ("SQUARE", "SQ"), ("TRAIL", "TRL"), ("NORTH", "N"), ("SOUTH", "S"), ("EAST", "E"),
    ("WEST", "W"), ("APARTMENT", "APT"), ("SUITE", "STE"), ("CALLE", "C"),
    ("AVENIDA", "AVE"), ("MOUNT", "MT"), ("FORT", "FT"), ("SAINT", "ST"),
)
"""Street words and their USPS abbreviation: both spellings compare equal."""

NAME_PARTICLES = ("DE", "DEL", "LA", "LAS", "LOS", "Y", "VAN", "VON", "DA", "DI",
                  "JR", "SR", "II", "III", "IV")
"""Words dropped from surnames: particles written or not, generational suffixes."""

NAME_BLOCK_MAX = 50
"""A first surname and first name (in either order) shared by at most this many records is
a blocking key
on its own (rare names meet whatever their dates and addresses; common ones do not, or a
million records would make hundreds of millions of pairs)."""

MODEL_COLUMNS = (
    "unique_id", "surname", "surname1", "surname_canon", "surname_tokens", "forename",
    "forename_canon", "name_initials", "initials_raw", "name_key", "name_block",
    "surname_block", "middle_initial", "dob", "dob_year",
    "dob_swap", "sex", "house", "street", "city", "state", "zip", "phone",
)


def _clean(column: str) -> str:
    """Upper case, no accents, letters and single spaces only, NULL when empty."""
    return (f"nullif(trim(regexp_replace(regexp_replace(upper(strip_accents("
            f"coalesce({column}, ''))), '[^A-Z]+', ' ', 'g'), ' +', ' ', 'g')), '')")


def _surname(column: str) -> str:
    words = "|".join(NAME_PARTICLES)
    inner = f"regexp_replace(' ' || coalesce({_clean(column)}, '') || ' ', " \
            f"' (({words}) )+', ' ', 'g')"
    return f"nullif(trim(regexp_replace({inner}, ' ({words}) ', ' ', 'g')), '')"


def _street(column: str) -> str:
    expr = (f"' ' || regexp_replace(upper(strip_accents(coalesce({column}, ''))), "
            f"'[^A-Z0-9]+', ' ', 'g') || ' '")
    for word, abbr in STREET_WORDS:
        expr = f"replace({expr}, ' {word} ', ' {abbr} ')"
    return f"nullif(trim(regexp_replace({expr}, '^ *[0-9]+ ', ' ')), '')"


PREPARE_SQL = f"""
WITH cleaned AS (
  SELECT
    unique_id,
    {_surname('last_name')} AS surname,
    split_part({_clean('first_name')}, ' ', 1) AS forename_raw,
    coalesce(left({_clean('middle_name')}, 1),
             left(nullif(split_part({_clean('first_name')}, ' ', 2), ''), 1)) AS middle_initial,
    try_cast(dob AS DATE) AS dob_date,
    nullif(upper(trim(sex)), '') AS sex,
    nullif(regexp_extract(coalesce(street, ''), '^ *([0-9]+)', 1), '') AS house,
    {_street('street')} AS street,
    {_clean('city')} AS city,
    nullif(upper(trim(state)), '') AS state,
    nullif(left(regexp_replace(coalesce(zip, ''), '[^0-9]', '', 'g'), 5), '') AS zip,
    nullif(right(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), 10), '') AS phone
  FROM raw_records
),
named AS (
  SELECT c.*,
    nullif(c.forename_raw, '') AS forename,
    coalesce(split_part(n.formal, ' ', 1), nullif(c.forename_raw, '')) AS forename_canon,
    coalesce(split_part(s.formal, ' ', 1), split_part(c.surname, ' ', 1)) AS surname_canon
  FROM cleaned c LEFT JOIN nicknames n ON n.nick = c.forename_raw
  LEFT JOIN nicknames s ON s.nick = split_part(c.surname, ' ', 1)
)
SELECT
  unique_id,
  surname,
  split_part(surname, ' ', 1) AS surname1,
  surname_canon,
  name_key,
  CASE WHEN count(*) OVER (PARTITION BY name_key) <= {NAME_BLOCK_MAX}
       THEN name_key END AS name_block,
  CASE WHEN count(*) OVER (PARTITION BY surname, left(forename_canon, 1)) <= {NAME_BLOCK_MAX}
       THEN surname || ' ' || left(forename_canon, 1) END AS surname_block,
  string_split(surname, ' ') AS surname_tokens,
  forename,
  forename_canon,
  list_aggregate(list_sort([left(split_part(surname, ' ', 1), 1), left(forename_canon, 1)]),
                 'string_agg', '') AS name_initials,
  list_aggregate(list_sort([left(split_part(surname, ' ', 1), 1), left(forename, 1)]),
                 'string_agg', '') AS initials_raw,
  middle_initial,
  strftime(dob_date, '%Y-%m-%d') AS dob,
  CAST(year(dob_date) AS VARCHAR) AS dob_year,
  CAST(year(dob_date) AS VARCHAR) || '-' ||
    lpad(CAST(least(month(dob_date), day(dob_date)) AS VARCHAR), 2, '0') || '-' ||
    lpad(CAST(greatest(month(dob_date), day(dob_date)) AS VARCHAR), 2, '0') AS dob_swap,
  sex, house, street, city, state, zip, phone
FROM (SELECT *, list_aggregate(list_sort([split_part(surname, ' ', 1), forename_canon]),
                               'string_agg', ' ') AS name_key FROM named)
"""  # noqa: S608 (built from constants, never from input)


def register_nicknames(con: duckdb.DuckDBPyConnection) -> None:
    table = pa.table({"nick": list(NICKNAMES), "formal": list(NICKNAMES.values())})
    con.register("nicknames_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE nicknames AS "
                "SELECT upper(strip_accents(nick)) AS nick, min(formal) AS formal "
                "FROM nicknames_arrow GROUP BY 1")
    con.unregister("nicknames_arrow")


def prepare(con: duckdb.DuckDBPyConnection, raw: pa.Table | None = None) -> pa.Table:
    """The model's columns for ``raw`` (or for the table ``raw_records`` already there)."""
    register_nicknames(con)
    if raw is not None:
        con.register("raw_records", raw)
    try:
        return con.sql(PREPARE_SQL).to_arrow_table()
    finally:
        if raw is not None:
            con.unregister("raw_records")
