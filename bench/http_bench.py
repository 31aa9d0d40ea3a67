"""HTTP benchmark of the registry (issue 2): p50, p95, requests per second and errors.

Seeds the full national-scale demo (1,000+ communities, ~100,000 memberships) into a fresh
database, serves it with gunicorn (2 workers) on loopback and drives it with wrk
(16 connections) for each URL. Targets: p95 under 150 ms for the registry list page, the
API list and the community page.

By default the database is a new SQLite file in a temporary directory; set
``BENCH_DATABASE_URL`` to a PostgreSQL URL to measure that instead.
Run: ``make bench`` or ``uv run python bench/http_bench.py [--seconds 10]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150.0
CONNECTIONS = 16
THREADS = 2

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %d %d %d %d %d %f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status, summary.duration, 0, 0))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")

    workdir = Path(tempfile.mkdtemp(prefix="iecommons-bench-"))
    env = {
        **os.environ,
        "IECOMMONS_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "iecommons.config.settings",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        # Production mode wants a real key and named hosts; a throwaway key per run.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    manage = [sys.executable, str(ROOT / "manage.py")]
    started = time.monotonic()
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    seeded = time.monotonic() - started
    community_id = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from iecommons.registry.models import Community;"
            "print(Community.objects.order_by('-member_count').values_list('pk', flat=True)[0])",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]

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
        ],
        env={**env, "PYTHONPATH": str(ROOT / "src")},
    )
    base = f"http://127.0.0.1:{port}"
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)
    rows = []
    try:
        wait_until_up(base + "/healthz")
        for label, path in [
            ("registry list page", "/"),
            ("registry list, filtered", "/?province=320000&level=municipal"),
            ("API list", "/api/communities"),
            ("community page (largest)", f"/communities/{community_id}/"),
        ]:
            # Warm each worker's caches (templates, translations) before measuring.
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
            output = subprocess.run(
                [
                    "wrk",
                    f"-t{THREADS}",
                    f"-c{CONNECTIONS}",
                    f"-d{args.seconds}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    base + path,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            line = next(line for line in output.splitlines() if line.startswith("RESULT"))
            p50, p95, requests, socket_errors, status_errors, duration_us, *_ = line.split()[1:]
            rate = int(requests) / (int(duration_us) / 1e6)
            errors = int(socket_errors) + int(status_errors)
            verdict = "PASS" if float(p95) < TARGET_MS and errors == 0 else "MISS"
            rows.append((label, float(p50), float(p95), rate, errors, verdict))
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)

    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(
        f"registry over HTTP: gunicorn 2 workers, wrk {CONNECTIONS} connections, "
        f"{args.seconds} s per URL, {database}; demo seeded in {seeded:.0f} s"
    )
    print(
        f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7}  target p95 < "
        f"{TARGET_MS:.0f} ms"
    )
    for label, p50, p95, rate, errors, verdict in rows:
        print(f"{label:<28} {p50:>8.1f} {p95:>8.1f} {rate:>8.0f} {errors:>7}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
