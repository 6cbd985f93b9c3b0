"""The files a run writes and their columns, in order (docs/simulator.md lists the same;
tests/simulate/test_docs.py keeps the two in step)."""

from __future__ import annotations

from armsflow.simulate.firearm_columns import FIREARM_COLUMNS
from armsflow.simulate.licensee_list import LIST_COLUMNS
from armsflow.simulate.person_records import RECORD_COLUMNS as PERSON_COLUMNS
from armsflow.simulate.person_records import TRUTH_COLUMNS as PERSON_TRUTH_COLUMNS
from armsflow.simulate.requests import REQUEST_COLUMNS
from armsflow.simulate.scheme_tables import MEMBER_COLUMNS, SCHEME_COLUMNS
from armsflow.simulate.truth import TRUTH_COLUMNS

F = FIREARM_COLUMNS
EXPORT_COLUMNS = ("export_license", "license_date", "exporter_license", "exporter_name",
                  "consignee", "consignee_country", "end_user", "end_user_kind",
                  "destination_country", "ship_date", *F)
FILES: dict[str, tuple[tuple[str, ...], bool]] = {
    # name (without suffix) -> (columns, quoted)
    "licensees": (LIST_COLUMNS, True),
    "purchasers": (("purchaser_id", "last_name", "first_name", "middle_name", "dob", "sex",
                    "street", "city", "state", "zip"), False),
    "transfers": ((*F, "from_license", "to_license", "to_purchaser_id", "transfer_date"),
                  False),
    "multiple-sales": (("report_ref", "form", "license", "purchaser_id", "sale_date", *F),
                       False),
    "thefts": (("report_ref", "kind", "license", "incident_date", "report_date", "city",
                "state", *F), False),
    "imports": (("importer_license", *F, "import_date", "permit_number"), False),
    "nfa": (("control_number", "nfa_class", *F, "registrant_license",
             "registrant_purchaser_id", "registration_date"), False),
    "exports": (EXPORT_COLUMNS, True),
    "agencies": (("ori", "name", "kind", "country", "state"), True),
    "trace_requests": (REQUEST_COLUMNS, True),
    "truth/recoveries": (TRUTH_COLUMNS, True),
    "truth/schemes": (SCHEME_COLUMNS, True),
    "truth/scheme_members": (MEMBER_COLUMNS, True),
    "persons": (PERSON_COLUMNS, True),
    "truth/persons": (PERSON_TRUTH_COLUMNS, True),
}
REGISTRY_ORDER = ("licensees", "purchasers", "transfers", "multiple-sales", "thefts",
                  "imports", "nfa")
"""Registry files in the order ``armsflow import`` takes them."""
