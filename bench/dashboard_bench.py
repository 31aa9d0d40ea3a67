"""Dashboards and open data benchmark (issue 13): the national dashboard signed in, and the
open-data build, on the national-scale demo.

Seeds the full demo (1,002 communities, ~56,000 organisations, ~100,000 memberships) into a
fresh SQLite database in a temporary directory, then:

1. times the background job's computation of the national figures, and of every
   jurisdiction's (the nation, 34 provinces and their cities), as the worker runs it;
2. times one open-data build (every resource as CSV, XLSX and JSON, checked, published).
   Target: under 60 s;
3. serves the platform with gunicorn (2 workers) on loopback and drives the national
   supervisor's dashboard, signed in as the demo's national supervisor, and the public one
   with wrk (16 connections). Target: p95 under 150 ms signed in.

Set ``BENCH_DATABASE_URL`` to a PostgreSQL URL to measure that instead of SQLite.
Run: ``make bench`` or ``uv run python bench/dashboard_bench.py [--seconds 10]``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import CONNECTIONS, THREADS, WRK_SCRIPT, free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150.0
TARGET_BUILD_SECONDS = 60.0

TIMINGS = """
import json, time
from django.contrib.auth import get_user_model
from django.test import Client
from iecommons.oversight.dashboards.services import (
    dashboard_figures_compute, dashboards_compute_all)
from iecommons.oversight.opendata.build import open_data_build
started = time.perf_counter(); dashboard_figures_compute(region_id=None)
national = time.perf_counter() - started
started = time.perf_counter(); count = dashboards_compute_all()
every = time.perf_counter() - started
started = time.perf_counter(); release = open_data_build(reason="bench")
build = time.perf_counter() - started
client = Client(); client.force_login(get_user_model().objects.get(username="supervisor"))
print("TIMINGS " + json.dumps({"national": national, "every": every, "jurisdictions": count,
    "build": build, "rows": {item["name"]: item["rows"] for item in release.resources
    if "-" not in item["name"]}, "session": client.cookies["sessionid"].value}))
"""


def wrk(base: str, path: str, seconds: int, script: Path, cookie: str) -> tuple[float, ...]:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(
        [*command, "-s", str(script), base + path], check=True, capture_output=True, text=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    p50, p95, requests, socket_errors, status_errors, duration_us, *_ = line.split()[1:]
    rate = int(requests) / (int(duration_us) / 1e6)
    return float(p50), float(p95), rate, int(socket_errors) + int(status_errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")
    parser.add_argument(
        "--var-dir",
        type=Path,
        help="a demo seeded there before (reused, e.g. by http_bench --keep)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")

    reused = args.var_dir is not None
    workdir = args.var_dir or Path(tempfile.mkdtemp(prefix="iecommons-bench-"))
    env = {
        **os.environ,
        "IECOMMONS_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "iecommons.config.settings",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    manage = [sys.executable, str(ROOT / "manage.py")]
    rows = []
    try:
        started = time.monotonic()
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        if not reused:
            subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        seeded = time.monotonic() - started
        output = subprocess.run(
            [*manage, "shell", "-c", TIMINGS], env=env, check=True, capture_output=True, text=True
        ).stdout
        timings = json.loads(
            next(line for line in output.splitlines() if line.startswith("TIMINGS"))[8:]
        )
        print(  # at once: a server that fails to start below must not lose these
            f"{'reused' if reused else f'seeded in {seeded:.0f} s'}; national figures "
            f"{timings['national']:.1f} s, all "
            f"{timings['jurisdictions']} jurisdictions {timings['every']:.1f} s, open-data "
            f"build {timings['build']:.1f} s",
            flush=True,
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "iecommons.config.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                # A loaded machine may take longer than gunicorn's default 30 s to import.
                "--timeout",
                "180",
            ],
            env={**env, "PYTHONPATH": str(ROOT / "src")},
        )
        base = f"http://127.0.0.1:{port}"
        script = workdir / "report.lua"
        script.write_text(WRK_SCRIPT)
        try:
            wait_until_up(base + "/healthz", timeout=300)
            for label, path, cookie in [
                ("national, supervisor", "/dashboards/supervise/national/", timings["session"]),
                ("national, public", "/dashboards/", ""),
                ("province (Jiangsu), public", "/dashboards/320000/", ""),
            ]:
                request = urllib.request.Request(base + path)  # noqa: S310 - loopback
                if cookie:
                    request.add_header("Cookie", f"sessionid={cookie}")
                for _ in range(4):  # warm each worker's templates and translations
                    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                        body = response.read().decode()
                        assert "data-figure" in body, f"{path} shows no figures"
                p50, p95, rate, errors = wrk(base, path, args.seconds, script, cookie)
                verdict = "PASS" if p95 < TARGET_MS and errors == 0 else "MISS"
                rows.append((label, p50, p95, rate, errors, verdict))
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        if not reused:
            shutil.rmtree(workdir, ignore_errors=True)

    load = os.getloadavg()
    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(
        f"dashboards on {database}, national demo "
        f"{'reused' if reused else f'seeded in {seeded:.0f} s'}; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"figures computed by the job: national {timings['national']:.1f} s; all "
        f"{timings['jurisdictions']} jurisdictions {timings['every']:.1f} s"
    )
    build_verdict = "PASS" if timings["build"] < TARGET_BUILD_SECONDS else "MISS"
    counted = ", ".join(f"{name} {rows_}" for name, rows_ in timings["rows"].items())
    print(
        f"open-data build {timings['build']:.1f} s (target < {TARGET_BUILD_SECONDS:.0f} s) "
        f"{build_verdict}; rows: {counted}"
    )
    print(
        f"{'dashboard':<28} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7}  "
        f"target p95 < {TARGET_MS:.0f} ms (gunicorn 2 workers, wrk {CONNECTIONS} connections, "
        f"{args.seconds} s)"
    )
    for label, p50, p95, rate, errors, verdict in rows:
        print(f"{label:<28} {p50:>8.1f} {p95:>8.1f} {rate:>8.0f} {errors:>7}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
