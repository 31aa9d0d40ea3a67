"""Command-line front of the analytics core: ``evaluate``, ``weights``, ``match``, ``game``.

Bad input never prints a traceback: a one-line message on stderr names the file,
row, cell or criterion, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from typing import Any, cast

import numpy as np

from iecommons.analytics._io import Table, read_decision_matrix, read_pairwise_matrix
from iecommons.analytics._results import rank_descending
from iecommons.analytics.cells import CsvWriter
from iecommons.analytics.games.cli import add_command as add_game_command
from iecommons.analytics.matching.cli import add_match_command
from iecommons.analytics.mcda.aggregate import grey_relational, topsis, weighted_sum
from iecommons.analytics.mcda.ahp import RANDOM_INDEX_TABLES, AHPResult, ahp
from iecommons.analytics.mcda.fuzzy import fuzzy_evaluate, triangular_grades
from iecommons.analytics.mcda.normalize import NormalizationMethod, normalize
from iecommons.analytics.mcda.weights import critic_weights, entropy_weights, std_weights

EXIT_BAD_INPUT = 2

_DEFAULT_NORMALIZATION = {"topsis": "vector", "wsm": "minmax", "gra": "minmax", "fuzzy": "minmax"}
_DEFAULT_GRADES = "0,0.25,0.5,0.75,1"
_DEFAULT_GRADE_NAMES = "very poor,poor,fair,good,excellent"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the analytics sub-commands on the ``iecommons`` parser."""
    evaluate = commands.add_parser(
        "evaluate",
        help="score and rank the alternatives of a decision matrix (CSV or XLSX)",
        description=(
            "Score and rank the alternatives of a decision matrix. FILE is CSV (UTF-8; "
            "comma, semicolon or tab) or XLSX: the first row holds the criterion names, "
            "the first column the alternative names, the other cells numbers."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "example:\n"
            "  iecommons evaluate communities.csv --method topsis --weights entropy "
            "--cost cost_per_student\n"
            "  iecommons evaluate data.xlsx --method wsm --weights 0.5,0.3,0.2 --format json"
        ),
    )
    evaluate.add_argument("file", metavar="FILE", help="decision matrix, .csv or .xlsx")
    evaluate.add_argument(
        "--method",
        choices=["topsis", "wsm", "gra", "fuzzy"],
        default="topsis",
        help="aggregation: TOPSIS (default), weighted sum, grey relational analysis, "
        "or fuzzy comprehensive evaluation",
    )
    evaluate.add_argument(
        "--weights",
        default="entropy",
        metavar="SPEC",
        help="criterion weights: numbers w1,w2,... in header order (summing to 1), "
        "'entropy' (default), 'critic', 'std', 'equal', or ahp:MATRIX.csv for the "
        "priorities of a pairwise comparison matrix",
    )
    evaluate.add_argument(
        "--cost",
        default="",
        metavar="NAME[,NAME]",
        help="criteria where smaller is better (by header name), comma-separated",
    )
    evaluate.add_argument(
        "--normalize",
        choices=["vector", "minmax", "sum", "max"],
        default=None,
        help="normalisation (default: vector for topsis, minmax otherwise)",
    )
    evaluate.add_argument(
        "--normalize-weights",
        action="store_true",
        help="rescale numeric --weights to sum to one instead of rejecting them",
    )
    evaluate.add_argument(
        "--rho",
        type=float,
        default=0.5,
        help="distinguishing coefficient of grey relational analysis (default 0.5)",
    )
    evaluate.add_argument(
        "--grades",
        default=_DEFAULT_GRADES,
        metavar="C1,C2,...",
        help="fuzzy: centres of triangular grades on the normalised 0..1 scale, "
        f"increasing (default {_DEFAULT_GRADES})",
    )
    evaluate.add_argument(
        "--grade-names",
        default=_DEFAULT_GRADE_NAMES,
        metavar="NAME,...",
        help=f"fuzzy: grade names, one per centre (default {_DEFAULT_GRADE_NAMES!r})",
    )
    evaluate.add_argument(
        "--operator",
        choices=["weighted_average", "max_min"],
        default="weighted_average",
        help="fuzzy: composition operator M(.,+) or M(min,max) (default weighted_average)",
    )
    evaluate.add_argument("--sheet", default=None, help="XLSX: sheet name (default: the first)")
    evaluate.add_argument(
        "--format",
        choices=["table", "json", "csv"],
        default="table",
        help="output format (default table)",
    )
    evaluate.set_defaults(handler=_guarded(_evaluate))

    weights = commands.add_parser(
        "weights",
        help="criterion weights: AHP from a pairwise matrix, or entropy/CRITIC/std",
        description="Compute criterion weights and print them with their diagnostics.",
    )
    kinds = weights.add_subparsers(dest="kind", required=True, metavar="KIND")
    ahp_parser = kinds.add_parser(
        "ahp",
        help="AHP priorities, lambda max, CI, CR and the RI table of a pairwise matrix",
        description=(
            "AHP priorities of a pairwise comparison matrix (CSV or XLSX, square; optional "
            "header row and name column; cells like 3 or 1/3), with lambda max, CI, CR, the "
            "RI table used, and for an inconsistent matrix the judgment to revise."
        ),
    )
    ahp_parser.add_argument("file", metavar="MATRIX", help="pairwise matrix, .csv or .xlsx")
    ahp_parser.add_argument(
        "--method",
        choices=["eigenvector", "geometric_mean"],
        default="eigenvector",
        help="priority vector: principal eigenvector (default) or row geometric mean",
    )
    ahp_parser.add_argument(
        "--ri",
        choices=sorted(RANDOM_INDEX_TABLES),
        default="saaty",
        help="random index table (default saaty)",
    )
    ahp_parser.add_argument("--sheet", default=None, help="XLSX: sheet name")
    ahp_parser.add_argument("--format", choices=["table", "json"], default="table")
    ahp_parser.set_defaults(handler=_guarded(_weights_ahp))
    for kind, text in (
        ("entropy", "entropy weights of a decision matrix"),
        ("critic", "CRITIC weights of a decision matrix"),
        ("std", "standard-deviation weights of a decision matrix"),
    ):
        sub = kinds.add_parser(kind, help=text, description=text.capitalize() + ".")
        sub.add_argument("file", metavar="FILE", help="decision matrix, .csv or .xlsx")
        sub.add_argument(
            "--cost",
            default="",
            metavar="NAME[,NAME]",
            help="criteria where smaller is better (ignored by std)",
        )
        sub.add_argument("--sheet", default=None, help="XLSX: sheet name")
        sub.add_argument("--format", choices=["table", "json"], default="table")
        sub.set_defaults(handler=_guarded(_weights_objective), kind=kind)
    add_match_command(commands, _guarded)
    add_game_command(commands)


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ValueError as error:
            command = f"iecommons {args.command}"
            sys.stderr.write(f"{command}: error: {error}\n")
            return EXIT_BAD_INPUT
        except OSError as error:
            sys.stderr.write(f"iecommons {args.command}: error: {error}\n")
            return EXIT_BAD_INPUT

    return run


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _cost_names(text: str, table: Table) -> list[str]:
    names = _split(text)
    for name in names:
        if name not in table.columns:
            raise ValueError(
                f"unknown criterion {name!r} in --cost; the file's criteria are: "
                + ", ".join(table.columns)
            )
    return names


def _resolve_weights(
    spec: str, table: Table, cost: list[str], normalize_weights: bool
) -> tuple[np.ndarray, str, AHPResult | None]:
    n = len(table.columns)
    if spec == "entropy":
        return entropy_weights(table.values, cost, criteria=table.columns).weights, spec, None
    if spec == "critic":
        return critic_weights(table.values, cost, criteria=table.columns).weights, spec, None
    if spec == "std":
        return std_weights(table.values, criteria=table.columns).weights, spec, None
    if spec == "equal":
        return np.full(n, 1.0 / n), spec, None
    if spec.startswith("ahp:"):
        matrix = read_pairwise_matrix(spec[4:])
        labelled = matrix.columns != tuple(f"C{k + 1}" for k in range(len(matrix.columns)))
        if len(matrix.columns) != n:
            raise ValueError(
                f"{spec[4:]}: the pairwise matrix is {len(matrix.columns)} x "
                f"{len(matrix.columns)}, the decision matrix has {n} criteria"
            )
        result = ahp(matrix.values, criteria=table.columns if not labelled else matrix.columns)
        weights = result.weights
        if labelled:
            position = {name: k for k, name in enumerate(matrix.columns)}
            for name in table.columns:
                if name not in position:
                    raise ValueError(
                        f"{spec[4:]}: criterion {name!r} of the decision matrix is not in "
                        f"the pairwise matrix ({', '.join(matrix.columns)})"
                    )
            weights = weights[[position[name] for name in table.columns]]
        return weights, f"ahp (CR = {result.cr:.4f}, {result.ri_table} RI)", result
    parts = _split(spec)
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueError(
            f"--weights {spec!r}: expected numbers w1,w2,..., 'entropy', 'critic', 'std', "
            "'equal' or ahp:MATRIX.csv"
        ) from None
    if len(numbers) != n:
        raise ValueError(
            f"--weights has {len(numbers)} number(s), the file has {n} criteria "
            f"({', '.join(table.columns)})"
        )
    w = np.array(numbers)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("--weights must be finite non-negative numbers")
    total = float(w.sum())
    if total <= 0:
        raise ValueError("--weights are all zero")
    if abs(total - 1.0) > 1e-6:
        if not normalize_weights:
            raise ValueError(
                f"--weights sum to {total:g}, expected 1; add --normalize-weights to rescale"
            )
        w = w / total
    return w, "given", None


def _evaluate(args: argparse.Namespace) -> int:
    table = read_decision_matrix(args.file, sheet=args.sheet)
    cost = _cost_names(args.cost, table)
    weights, source, ahp_result = _resolve_weights(
        args.weights, table, cost, args.normalize_weights
    )
    if ahp_result is not None and not ahp_result.consistent:
        hint = f"; {ahp_result.suggestion.describe()}" if ahp_result.suggestion else ""
        sys.stderr.write(
            f"warning: the AHP matrix is inconsistent (CR = {ahp_result.cr:.4f} >= 0.1){hint}\n"
        )
    method = args.method
    normalization = cast(NormalizationMethod, args.normalize or _DEFAULT_NORMALIZATION[method])
    common: dict[str, Any] = {
        "cost": cost,
        "criteria": table.columns,
        "alternatives": table.rows,
        "normalize_weights": True,
    }
    columns: list[tuple[str, Any]]
    if method == "topsis":
        result = topsis(table.values, weights, normalization=normalization, **common)
        scores, ranks = result.scores, result.ranks
        columns = [
            ("closeness", scores),
            ("rank", ranks),
            ("d_ideal", result.distance_to_ideal),
            ("d_anti_ideal", result.distance_to_anti_ideal),
        ]
    elif method == "wsm":
        result_wsm = weighted_sum(table.values, weights, normalization=normalization, **common)
        columns = [("score", result_wsm.scores), ("rank", result_wsm.ranks)]
    elif method == "gra":
        result_gra = grey_relational(
            table.values, weights, rho=args.rho, normalization=normalization, **common
        )
        columns = [("grade", result_gra.scores), ("rank", result_gra.ranks)]
    else:
        centres = [float(c) for c in _split(args.grades)]
        grade_names = _split(args.grade_names)
        if len(grade_names) != len(centres):
            raise ValueError(
                f"--grade-names has {len(grade_names)} name(s), --grades has "
                f"{len(centres)} centre(s)"
            )
        r = normalize(table.values, normalization, cost=cost, criteria=table.columns)
        fuzzy = fuzzy_evaluate(
            weights / weights.sum(),
            values=r,
            grades=triangular_grades(centres),
            grade_scores=centres,
            grade_names=grade_names,
            alternatives=table.rows,
        )
        assert fuzzy.scores is not None
        columns = [
            ("grade", list(fuzzy.grades)),
            ("score", fuzzy.scores),
            ("rank", rank_descending(fuzzy.scores)),
        ] + [(f"mu[{g}]", fuzzy.membership[:, k]) for k, g in enumerate(grade_names)]
    _emit(args.format, method, normalization, source, table, weights, columns)
    return 0


def _emit(
    fmt: str,
    method: str,
    normalization: str,
    source: str,
    table: Table,
    weights: np.ndarray,
    columns: list[tuple[str, Any]],
) -> None:
    out = sys.stdout
    if fmt == "json":
        rows = []
        for i, name in enumerate(table.rows):
            row: dict[str, Any] = {"alternative": name}
            for title, values in columns:
                value = values[i]
                row[title] = value.item() if isinstance(value, np.generic) else value
            rows.append(row)
        document = {
            "method": method,
            "normalization": normalization,
            "weights_from": source,
            "weights": dict(zip(table.columns, weights.tolist(), strict=True)),
            "results": rows,
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = CsvWriter(buffer, lineterminator="\n")
        writer.writerow(["alternative", *(title for title, _ in columns)])
        for i, name in enumerate(table.rows):
            writer.writerow([name, *(_cell(values[i]) for _, values in columns)])
        out.write(buffer.getvalue())
        return
    out.write(f"method: {method}   normalisation: {normalization}   weights: {source}\n")
    out.write(
        "weights: "
        + ", ".join(f"{c}={w:.4f}" for c, w in zip(table.columns, weights, strict=True))
        + "\n\n"
    )
    header = ["alternative", *(title for title, _ in columns)]
    body = [
        [name, *(_cell(values[i]) for _, values in columns)] for i, name in enumerate(table.rows)
    ]
    _table(out, header, body)


def _cell(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):.6f}"
    return str(value.item() if isinstance(value, np.generic) else value)


def _table(out: Any, header: list[str], body: list[list[str]]) -> None:
    widths = [max(len(str(row[k])) for row in [header, *body]) for k in range(len(header))]
    out.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in body:
        cells = [
            str(c).ljust(w) if k == 0 else str(c).rjust(w)
            for k, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.write("  ".join(cells).rstrip() + "\n")


def _weights_ahp(args: argparse.Namespace) -> int:
    matrix = read_pairwise_matrix(args.file, sheet=args.sheet)
    result = ahp(matrix.values, method=args.method, ri_table=args.ri, criteria=matrix.columns)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    out = sys.stdout
    _table(
        out,
        ["criterion", "weight"],
        [[c, f"{w:.6f}"] for c, w in zip(result.criteria, result.weights, strict=True)],
    )
    n = len(result.criteria)
    out.write(f"\nmethod      {result.method}\n")
    out.write(f"lambda_max  {result.lambda_max:.6f}\n")
    out.write(f"CI          {result.ci:.6f}\n")
    out.write(f"RI          {result.ri:.2f}  (n = {n}, table {result.ri_table!r})\n")
    out.write(f"CR          {result.cr:.6f}  ")
    out.write("consistent (CR < 0.1)\n" if result.consistent else "INCONSISTENT (CR >= 0.1)\n")
    out.write(
        f"RI table {result.ri_table!r}, n = 1..{len(result.ri_values)}: "
        + ", ".join(f"{v:g}" for v in result.ri_values)
        + "\n"
    )
    if result.suggestion is not None:
        out.write(f"suggestion: {result.suggestion.describe()}\n")
    return 0


def _weights_objective(args: argparse.Namespace) -> int:
    table = read_decision_matrix(args.file, sheet=args.sheet)
    cost = _cost_names(args.cost, table)
    if args.kind == "entropy":
        result = entropy_weights(table.values, cost, criteria=table.columns)
    elif args.kind == "critic":
        result = critic_weights(table.values, cost, criteria=table.columns)
    else:
        result = std_weights(table.values, criteria=table.columns)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    _table(
        sys.stdout,
        ["criterion", "weight"],
        [[c, f"{w:.6f}"] for c, w in zip(result.criteria, result.weights, strict=True)],
    )
    return 0
