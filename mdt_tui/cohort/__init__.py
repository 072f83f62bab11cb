"""Reading GP-system cohort exports (EMIS Web, SystmOne) into validated rows and problems."""

from mdt_tui.cohort.columns import ALIASES, FIELDS, REQUIRED_FIELDS, field_for_header, header_key
from mdt_tui.cohort.dates import parse_date
from mdt_tui.cohort.reader import CohortFile, CohortFileError, read_cohort_file
from mdt_tui.cohort.rejects import rejects_path, write_rejects
from mdt_tui.cohort.rows import CohortRow, Duplicate, RejectedRow, RowProblem

__all__ = [
    "ALIASES",
    "FIELDS",
    "REQUIRED_FIELDS",
    "CohortFile",
    "CohortFileError",
    "CohortRow",
    "Duplicate",
    "RejectedRow",
    "RowProblem",
    "field_for_header",
    "header_key",
    "parse_date",
    "read_cohort_file",
    "rejects_path",
    "write_rejects",
]
