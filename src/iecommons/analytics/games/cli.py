"""``iecommons game FILE``: run an evolutionary-game scenario from a JSON or TOML file.

Bad input never prints a traceback: one line on stderr names the key, parameter or
token, and the exit status is 2 (as for the other analytics commands).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from iecommons.analytics.games.scenario import run_scenario

EXIT_BAD_INPUT = 2


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``game`` on the ``iecommons`` parser."""
    game = commands.add_parser(
        "game",
        help="tripartite evolutionary game: corner stability, a trajectory, a sweep",
        description=(
            "Run a government-enterprise-college evolutionary game scenario. FILE is JSON "
            "or TOML (by its extension): an optional model (parameters and the three payoff "
            "differences), parameter overrides, a start, t_end, and an optional two-parameter "
            "sweep. Without a model the documented default model is used (docs/games.md)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "example scenario.toml:\n"
            "  t_end = 60\n"
            "  [parameters]\n"
            "  S_e = 3.0\n"
            "  [sweep]\n"
            '  first = { parameter = "S_e", from = 0, to = 5, count = 51 }\n'
            '  second = { parameter = "F_e", from = 0, to = 5, count = 51 }\n'
        ),
    )
    game.add_argument("file", metavar="FILE", help="scenario, .json or .toml")
    game.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="table (default): corners and a summary; json: everything, trajectory included",
    )
    game.set_defaults(handler=_run)


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path.name} is not valid TOML: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path.name} is not valid JSON: {error}") from None


def _run(args: argparse.Namespace) -> int:
    try:
        result = run_scenario(_read(Path(args.file)))
    except (ValueError, OSError) as error:
        sys.stderr.write(f"iecommons game: error: {error}\n")
        return EXIT_BAD_INPUT
    out = sys.stdout
    if args.format == "json":
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    out.write(f"model: {result['model']['name']}\n")
    out.write("corner      stability   eigenvalues\n")
    for corner in result["corners"]:
        values = ", ".join(f"{v:+.4g}" for v in corner["eigenvalues"])
        marker = "  ESS" if corner["stability"] == "stable" else ""
        out.write(f"{corner['label']:<11} {corner['stability']:<11} {values}{marker}\n")
    path = result["trajectory"]
    final = ", ".join(f"{s:.4f}" for s in path["shares"][-1])
    reached = path["final_corner"] or "no corner"
    out.write(f"trajectory to t = {path['times'][-1]:g}: ({final}), {reached}\n")
    grid = result["sweep"]
    if grid is not None:
        counts: dict[str, int] = {}
        for row in grid["corner_index"]:
            for index in row:
                label = grid["corner_labels"][index] if index >= 0 else "no corner"
                counts[label] = counts.get(label, 0) + 1
        summary = ", ".join(f"{label}: {n}" for label, n in sorted(counts.items()))
        first, second = grid["parameters"]
        out.write(f"sweep {first} x {second} to t = {grid['t_end']:g}: {summary}\n")
    return 0
