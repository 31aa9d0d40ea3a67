"""``iecommons match``: the stable matching of applications read from CSV or XLSX files."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from iecommons.analytics._io import _cells, _number, _trim
from iecommons.analytics.matching.blocking import blocking_pairs
from iecommons.analytics.matching.deferred_acceptance import StableMatching, stable_matching
from iecommons.analytics.matching.optimal import optimal_assignment

APPLICATION_COLUMNS = ("student", "position", "rank", "score")
POSITION_COLUMNS = ("position", "capacity")


def add_match_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    guarded: Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]],
) -> None:
    """Register ``iecommons match`` on the ``iecommons`` parser."""
    match = commands.add_parser(
        "match",
        help="student-optimal stable matching of applications to positions (CSV or XLSX)",
        description=(
            "Match students to positions by student-proposing deferred acceptance. "
            "APPLICATIONS has the columns student, position, rank (1 = first choice) and "
            "score (the position's score of the student, higher is better); POSITIONS has "
            "position and capacity. Names are any text. Prints each student's position and "
            "each position's cutoff."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  iecommons match applications.csv positions.csv --seed 7 --compare",
    )
    match.add_argument("applications", metavar="APPLICATIONS", help="applications, .csv or .xlsx")
    match.add_argument("positions", metavar="POSITIONS", help="positions and seats, .csv or .xlsx")
    match.add_argument("--seed", type=int, default=0, help="seed of the tie-breaking lottery")
    match.add_argument(
        "--compare",
        action="store_true",
        help="also report the rank-minimal assignment and check stability independently",
    )
    match.add_argument("--format", choices=["table", "json", "csv"], default="table")
    match.set_defaults(handler=guarded(_match))


def _columns(path: Path, wanted: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    rows = _trim(_cells(path, None))
    if not rows:
        raise ValueError(f"{path}: empty file, expected a header row: {', '.join(wanted)}")
    number, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise ValueError(
            f"{path}: row {number} (header) lacks the column(s) {', '.join(missing)}; "
            f"expected {', '.join(wanted)}"
        )
    index = [names.index(name) for name in wanted]
    out = []
    for row_number, cells in rows[1:]:
        values = [cells[k] if k < len(cells) else "" for k in index]
        for name, value in zip(wanted, values, strict=True):
            if value == "":
                raise ValueError(f"{path}: row {row_number}: empty {name}")
        out.append((row_number, values))
    return out


def _whole(path: Path, row: int, name: str, text: str) -> int:
    try:
        value = _number(text)
    except (ValueError, ZeroDivisionError):
        value = float("nan")
    if not value == value or value != int(value):
        raise ValueError(f"{path}: row {row}: {name} {text!r} is not a whole number")
    return int(value)


def _match(args: argparse.Namespace) -> int:
    applications_path, positions_path = Path(args.applications), Path(args.positions)
    position_names: list[str] = []
    position_index: dict[str, int] = {}
    capacities: list[int] = []
    for row, (name, seats) in _columns(positions_path, POSITION_COLUMNS):
        if name in position_index:
            raise ValueError(f"{positions_path}: row {row}: position {name!r} appears twice")
        capacity = _whole(positions_path, row, "capacity", seats)
        if capacity < 0:
            raise ValueError(f"{positions_path}: row {row}: capacity {capacity} is below 0")
        position_index[name] = len(position_names)
        position_names.append(name)
        capacities.append(capacity)
    student_names: list[str] = []
    student_index: dict[str, int] = {}
    students, positions, ranks, scores = [], [], [], []
    seen: dict[tuple[int, int], int] = {}
    for row, (student, position, rank, score) in _columns(applications_path, APPLICATION_COLUMNS):
        if position not in position_index:
            raise ValueError(
                f"{applications_path}: row {row}: position {position!r} is not in {positions_path}"
            )
        s = student_index.setdefault(student, len(student_names))
        if s == len(student_names):
            student_names.append(student)
        p = position_index[position]
        if (s, p) in seen:
            raise ValueError(
                f"{applications_path}: row {row}: student {student!r} names position "
                f"{position!r} twice (first in row {seen[s, p]})"
            )
        seen[s, p] = row
        value = _whole(applications_path, row, "rank", rank)
        if value < 1:
            raise ValueError(f"{applications_path}: row {row}: rank {value} is below 1")
        try:
            number = _number(score)
        except (ValueError, ZeroDivisionError):
            raise ValueError(
                f"{applications_path}: row {row}: score {score!r} is not a number"
            ) from None
        students.append(s)
        positions.append(p)
        ranks.append(value)
        scores.append(number)
    result = stable_matching(
        students,
        positions,
        ranks,
        scores,
        capacities,
        n_students=len(student_names),
        seed=args.seed,
    )
    extra: dict[str, Any] = {}
    if args.compare:
        optimum = optimal_assignment(
            students, positions, ranks, capacities, n_students=len(student_names)
        )
        pairs = blocking_pairs(
            students,
            positions,
            ranks,
            scores,
            capacities,
            result.assignment,
            lottery=result.lottery,
        )
        extra = {
            "blocking_pairs": len(pairs),
            "optimal_placed": optimum.placed,
            "optimal_total_rank": optimum.total_rank,
        }
    _emit(args.format, result, student_names, position_names, extra)
    return 0


def _emit(
    fmt: str,
    result: StableMatching,
    students: list[str],
    positions: list[str],
    extra: dict[str, Any],
) -> None:
    def position_name(p: int) -> str:
        return positions[p] if p >= 0 else ""

    assignment: list[dict[str, Any]] = [
        {"student": name, "position": position_name(int(p)), "rank": int(r)}
        for name, p, r in zip(students, result.assignment, result.assigned_ranks, strict=True)
    ]
    cutoffs: list[dict[str, Any]] = [
        {
            "position": name,
            "capacity": int(c),
            "filled": int(f),
            "cutoff": None if np.isinf(x) else float(x),
        }
        for name, c, f, x in zip(
            positions, result.capacities, result.filled, result.cutoffs, strict=True
        )
    ]
    summary = {
        "students": len(students),
        "placed": result.placed,
        "total_rank": result.total_rank,
        "proposals": result.proposals,
        "rounds": result.rounds,
        "seed": result.seed,
        **extra,
    }
    out = sys.stdout
    if fmt == "json":
        document = {"summary": summary, "assignment": assignment, "positions": cutoffs}
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["student", "position", "rank"])
        for item in assignment:
            writer.writerow([item["student"], item["position"], item["rank"] or ""])
        out.write(buffer.getvalue())
        return
    out.write("  ".join(f"{key}={value}" for key, value in summary.items()) + "\n\n")
    _table(
        out,
        ["student", "position", "rank"],
        [[a["student"], a["position"] or "-", str(a["rank"] or "-")] for a in assignment],
    )
    out.write("\n")
    _table(
        out,
        ["position", "capacity", "filled", "cutoff"],
        [
            [
                c["position"],
                str(c["capacity"]),
                str(c["filled"]),
                "-" if c["cutoff"] is None else f"{c['cutoff']:g}",
            ]
            for c in cutoffs
        ],
    )


def _table(out: Any, header: list[str], body: list[list[str]]) -> None:
    widths = [max(len(row[k]) for row in [header, *body]) for k in range(len(header))]
    out.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in body:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
