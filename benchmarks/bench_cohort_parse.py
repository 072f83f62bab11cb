"""Time reading and validating a generated 100,000-row EMIS-style cohort file; prints rows/s."""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from mdt_tui.cohort import read_cohort_file
from mdt_tui.nhs_number import check_digit

HEADER = (
    "NHS Number,Surname,Forename,Date of Birth,Gender,ODS Code,Practice,Usual GP,Postcode,"
    "Segment,Risk Grade,Risk Score,eFI,CFS,A&E Attendances (12m),Emergency Admissions (12m),"
    "Housebound,Care Home Resident,End of Life Register"
)
SEGMENTS = (
    "Generally healthy",
    "Living with illness",
    "Lower complexity",
    "Advanced disease & complexity",
    "End of life, frailty & dementia",
)


def synthetic_nhs_numbers(count: int) -> list[str]:
    """Valid NHS numbers from the 999 test range, in order."""
    numbers: list[str] = []
    serial = 0
    while len(numbers) < count:
        first_nine = f"999{serial:06d}"
        serial += 1
        digit = check_digit(first_nine)
        if digit is not None:
            numbers.append(f"{first_nine[:3]} {first_nine[3:6]} {first_nine[6:]}{digit}")
    return numbers


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    """An EMIS-style export: 4 preamble lines, the header, ``rows`` rows, then 3 summary lines.

    Values repeat about as often as in a real neighbourhood: ~20,000 surnames, ~2,000 forenames,
    ~8,000 postcodes, 12 practices (names quoted, some with commas), birth dates over 82 years.
    """
    rng = random.Random(seed)
    practices = [
        (f"E82{n:03d}", f'"Harlow {name}, Surgery"' if n % 2 else f"Harlow {name} Surgery")
        for n, name in enumerate(
            (
                "North",
                "South",
                "East",
                "West",
                "Old Town",
                "Potter Street",
                "Church Langley",
                "Great Parndon",
                "Latton",
                "Netteswell",
                "Staple Tye",
                "Toddbrook",
            )
        )
    ]
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    lines = ["INT Proactive Care Cohort", "Run date: 21-Nov-2025", f"Population count: {rows}", "", HEADER]
    for nhs in synthetic_nhs_numbers(rows):
        born = date(1925, 1, 1) + timedelta(days=rng.randrange(30000))
        code, practice = rng.choice(practices)
        postcode = f"CM{rng.randrange(17, 21)} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"
        lines.append(
            ",".join(
                (
                    nhs,
                    f"Testpatient{rng.randrange(20_000)}",
                    f"Synth{rng.randrange(2_000)}",
                    born.strftime("%d/%m/%Y"),
                    rng.choice(("Male", "Female")),
                    code,
                    practice,
                    f"Dr {rng.randrange(60)} Example",
                    postcode,
                    f'"{rng.choice(SEGMENTS)}"',
                    rng.choice(("High", "Medium", "Low")),
                    f"{rng.uniform(0, 100):.1f}",
                    f"{rng.random():.2f}",
                    str(rng.randint(1, 9)),
                    str(rng.randint(0, 6)),
                    str(rng.randint(0, 4)),
                    rng.choice(("Yes", "No")),
                    rng.choice(("Y", "N", "")),
                    rng.choice(("true", "false")),
                )
            )
        )
    lines += ["", f"Total patients: {rows}", "End of report", ""]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))


def time_parse(path: Path, repeat: int) -> tuple[float, float]:
    """Best seconds for read_cohort_file, and for a bare csv.reader pass over the same file."""
    parse = bare = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = read_cohort_file(path, today=date(2025, 11, 23))
        parse = min(parse, time.perf_counter() - start)
        start = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            list(csv.reader(handle))
        bare = min(bare, time.perf_counter() - start)
    if result.problems or len(result.rows) != result.data_row_count:
        raise SystemExit(f"unexpected: {len(result.rows)} rows, {len(result.problems)} problems")
    return parse, bare


def run(rows: int = 100_000, repeat: int = 5) -> list:
    """For benchmarks/run.py: read_cohort_file against the bare csv module on the same file."""
    from common import Result

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        write_file(path, rows)
        parse, bare = time_parse(path, repeat)
    return [Result(f"cohort parse+validate {rows:,} rows", parse, bare, "s", "csv.reader only", "< 1 s")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        write_file(path, args.rows)
        parse, bare = time_parse(path, args.repeat)
    print(
        f"{args.rows:,} rows in {parse:.3f} s (best of {args.repeat}): {args.rows / parse:,.0f} rows/s; "
        f"csv.reader alone {bare:.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
