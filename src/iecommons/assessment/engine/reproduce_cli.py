"""``iecommons reproduce``: check a downloaded run snapshot and recompute its results offline.

No database and no Django: the document is verified and evaluated by
:mod:`iecommons.assessment.engine.reproduction`, the code the platform's worker runs.
Exit status: 0 reproduced (and, with ``--against``, no difference), 1 differences found,
2 the snapshot or results file was refused.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any, TextIO


def add_command(commands: Any) -> None:
    command = commands.add_parser(
        "reproduce",
        help="verify a run snapshot (JSON) and recompute every community's result offline",
        description=(
            "Verify a run snapshot downloaded from IE Commons (its SHA-256 and the run's "
            "hash), recompute every community's score, rank, peer rank, grade, dimension "
            "scores and stability with the same engine, and print them."
        ),
    )
    command.add_argument("snapshot", help="the snapshot document (.json)")
    command.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="output (table)"
    )
    command.add_argument(
        "--against",
        metavar="RESULTS.json",
        help="the run's results as the API gives them: report every difference",
    )
    command.set_defaults(handler=run)


def _load(path: str, what: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise ValueError(f"{what}: cannot read {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{what}: {path} is not valid JSON (truncated?): {error}") from None


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from iecommons.assessment.engine import reproduction

    stream = out or sys.stdout
    try:
        document = _load(args.snapshot, "snapshot")
        records = reproduction.reproduce(document)
        differences = None
        if args.against:
            against = _load(args.against, "results")
            differences = reproduction.compare(records, against, document=document)
    except (ValueError, reproduction.SnapshotError) as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    _print(records, args.format, stream)
    run_hash = document["input_sha256"]
    if differences is None:
        print(f"reproduced {len(records)} results of run hash {run_hash}", file=sys.stderr)
        return 0
    for line in differences:
        print(f"differs: {line}", file=sys.stderr)
    if differences:
        print(f"{len(differences)} difference(s) from {args.against}", file=sys.stderr)
        return 1
    print(
        f"reproduced {len(records)} results of run hash {run_hash}: "
        f"no difference from {args.against}",
        file=sys.stderr,
    )
    return 0


def _print(records: list[dict[str, Any]], form: str, stream: TextIO) -> None:
    if form == "json":
        json.dump(records, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        return
    dimensions = list(records[0]["dimension_scores"]) if records else []
    header = ["community_id", "score", "rank", "peer_rank", "peer_count", "grade", *dimensions]
    header += ["probability_same", "probability_band", "mean_rank"]
    rows = [
        [
            record["community_id"],
            repr(record["score"]),
            record["rank"],
            record["peer_rank"],
            record["peer_count"],
            record["grade"],
            *(repr(record["dimension_scores"][name]) for name in dimensions),
            *(repr(record["stability"][key]) for key in header[-3:]),
        ]
        for record in records
    ]
    if form == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    shown = [[str(cell) for cell in row[:6]] for row in rows]
    shown = [[row[0], f"{float(row[1]):.4f}", *row[2:]] for row in shown]
    widths = [
        max(len(h), *(len(r[k]) for r in shown)) if shown else len(h)
        for k, h in enumerate(header[:6])
    ]
    stream.write("  ".join(h.ljust(widths[k]) for k, h in enumerate(header[:6])).rstrip() + "\n")
    for row in shown:
        stream.write("  ".join(c.ljust(widths[k]) for k, c in enumerate(row)).rstrip() + "\n")
