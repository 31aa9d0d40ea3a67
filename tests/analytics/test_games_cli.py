"""``iecommons game FILE`` on JSON and TOML scenarios, and its refusals."""

from __future__ import annotations

import argparse
import json

from iecommons.analytics import cli as analytics_cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="iecommons")
    commands = parser.add_subparsers(dest="command", required=True)
    analytics_cli.add_commands(commands)
    args = parser.parse_args(list(argv))
    code = args.handler(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_toml_scenario_prints_the_corners_the_trajectory_and_the_sweep(capsys, tmp_path):
    path = tmp_path / "scenario.toml"
    path.write_text(
        "t_end = 80\n[parameters]\nS_e = 0\nF_e = 0\n[sweep]\n"
        'first = { parameter = "S_e", from = 0, to = 2, count = 3 }\n'
        'second = { parameter = "F_e", from = 0, to = 3, count = 2 }\nt_end = 60\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "game", str(path))
    assert code == 0, err
    assert "(1, 0, 0)   stable" in out
    assert "ESS" in out
    assert "trajectory to t = 80:" in out
    assert "(1, 0, 0)" in out
    assert "sweep S_e x F_e to t = 60:" in out


def test_a_json_scenario_with_its_own_model_gives_json(capsys, tmp_path):
    scenario = {
        "model": {
            "name": "constant pressures",
            "parameters": {"a": 1.0, "b": -1.0},
            "payoff_differences": {"government": "a", "enterprises": "b", "colleges": "a + 2*b*x"},
        },
        "t_end": 30,
        "points": 7,
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    code, out, err = run(capsys, "game", str(path), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["model"]["name"] == "constant pressures"
    assert len(result["trajectory"]["times"]) == 7
    assert [c["label"] for c in result["corners"] if c["stability"] == "stable"] == ["(1, 0, 0)"]


def test_bad_scenarios_give_one_line_naming_the_problem(capsys, tmp_path):
    cases = {
        "unknown.json": ({"parameters": {"Se": 1}}, "unknown parameter 'Se'"),
        "call.json": (
            {
                "model": {
                    "parameters": {"a": 1},
                    "payoff_differences": {
                        "government": "a",
                        "enterprises": "open(a)",
                        "colleges": "a",
                    },
                }
            },
            "calls are not allowed (only min and max): 'open'",
        ),
        "key.json": ({"sweeep": {}}, "unknown key(s) 'sweeep'"),
        "count.json": (
            {
                "sweep": {
                    "first": {"parameter": "S_e", "from": 0, "to": 1, "count": 0},
                    "second": {"parameter": "F_e", "from": 0, "to": 1, "count": 2},
                }
            },
            "sweep.first.count is 0",
        ),
    }
    for name, (document, expected) in cases.items():
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        code, _out, err = run(capsys, "game", str(path))
        assert code == 2, name
        assert expected in err, (name, err)
        assert err.count("\n") == 1
        assert "Traceback" not in err
    broken = tmp_path / "broken.toml"
    broken.write_text("t_end = = 3", encoding="utf-8")
    code, _, err = run(capsys, "game", str(broken))
    assert code == 2
    assert "not valid TOML" in err
