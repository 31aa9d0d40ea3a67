"""Annual quality report benchmark (issue 13): one report, and a batch of every community.

Seeds the national demo (1,002 communities with their members, councils, resources,
projects, three assessment cycles with published results) into a fresh SQLite database in
a temporary directory, unless ``BENCH_VAR_DIR`` names a directory whose database is seeded
already. Then:

1. **One report**: the figures gathered from the records and the Chinese PDF drawn
   (WeasyPrint, Noto Sans CJK embedded) for the national rail-transit community, the
   richest of the demo, five times; the median and the best are reported. Target < 2 s.
2. **The batch**: a national batch of every community's report, worked by two real
   ``db_worker`` processes (the platform's job queue and leases, ``REPORT_BATCH_JOBS`` jobs).
   With ``--full`` it runs to the end; by default it stops after ``--sample`` reports and
   extrapolates the whole batch from the rate, saying so. Target < 15 minutes for 1,002.

The machine's load average is printed beside every figure: on a shared 2-core machine the
numbers move with it.

Run: ``make bench`` or ``uv run python bench/reports_bench.py [--sample 120] [--full]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_TARGET_SECONDS = 2.0
BATCH_TARGET_MINUTES = 15.0
WORKERS = 2
WORKER_COMMAND = [
    sys.executable, "-m", "iecommons.cli", "manage", "db_worker", "--no-reload",
    "--no-startup-delay", "--queue-name", "*", "--interval", "0.2", "--verbosity", "0",
]  # fmt: skip


def environment(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env["IECOMMONS_VAR_DIR"] = var_dir
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env["DJANGO_SETTINGS_MODULE"] = "iecommons.config.settings"
    # The workers also run the periodic jobs (the demo's overdue bookings are escalated by
    # mail): kept in memory, not printed between the benchmark's figures.
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    return env


def manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "iecommons.cli", "manage", *arguments],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} cores"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def one_report() -> tuple[float, float, float, int]:
    from iecommons.oversight.reports.figures import report_figures
    from iecommons.oversight.reports.render import report_pdf
    from iecommons.registry.models import Community

    community = Community.objects.filter(level="national").order_by("pk").first()
    assert community is not None, "the demo has no national community"
    year = _year()
    timings, cpu = [], []
    size = 0
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        figures = report_figures(community.pk, year)
        pdf = report_pdf(figures, {}, language="zh-hans", status="draft")
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        size = len(pdf)
    return statistics.median(timings), min(timings), statistics.median(cpu), size


def _year() -> int:
    from iecommons.assessment.models import Publication

    latest = Publication.objects.select_related("cycle").order_by("-cycle__year").first()
    return latest.cycle.year if latest else 2025


def start_batch() -> tuple[int, int]:
    from django.db import transaction

    from iecommons.accounts.models import User
    from iecommons.oversight.models import ReportBatchItem
    from iecommons.oversight.reports.batch import report_batch_start

    operator = User.objects.filter(is_superuser=True).first()
    with transaction.atomic():
        batch = report_batch_start(actor=operator, year=_year(), region=None)
    return batch.pk, ReportBatchItem.objects.filter(batch_id=batch.pk).count()


def done(batch_id: int) -> int:
    from iecommons.oversight.models import ReportBatchItem

    return ReportBatchItem.objects.filter(batch_id=batch_id, generated_at__isnull=False).count()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a running process (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_batch(env: dict[str, str], *, sample: int, full: bool) -> None:
    batch_id, total = start_batch()
    workers = [subprocess.Popen(WORKER_COMMAND, cwd=ROOT, env=env) for _ in range(WORKERS)]
    goal = total if full else min(sample, total)
    started = time.monotonic()
    first_at = None
    try:
        while True:
            count = done(batch_id)
            if count and first_at is None:
                first_at = time.monotonic()
            if count >= goal:
                break
            time.sleep(1.0)
    finally:
        cpu = sum(_cpu_seconds(worker.pid) for worker in workers)
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
    elapsed = time.monotonic() - started
    count = done(batch_id)
    rate = count / elapsed
    whole = total / rate / 60
    verdict = "OK" if whole < BATCH_TARGET_MINUTES else "OVER"
    how = "measured" if full else f"extrapolated from {count} reports"
    print(
        f"batch: {count} of {total} reports in {elapsed:.0f} s with {WORKERS} workers "
        f"({rate:.2f} reports/s); all {total}: {whole:.1f} min ({how}); "
        f"target < {BATCH_TARGET_MINUTES:.0f} min: {verdict}; {load()}"
    )
    # On a machine shared with other work the wall clock measures the neighbours too; the
    # workers' own CPU seconds say what two otherwise idle cores would take.
    per_report = cpu / max(count, 1)
    print(
        f"batch CPU: {cpu:.0f} s for {count} reports ({per_report:.2f} s each, workers' start "
        f"included); on {WORKERS} idle cores all {total} would take "
        f"{total * per_report / WORKERS / 60:.1f} min"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=120, help="reports before extrapolating")
    parser.add_argument("--full", action="store_true", help="run the whole batch")
    args = parser.parse_args()
    given = os.environ.get("BENCH_VAR_DIR")
    with tempfile.TemporaryDirectory(prefix="iec-reports-bench-") as scratch:
        var_dir = given or scratch
        env = environment(var_dir)
        if not given:
            started = time.monotonic()
            manage(env, "migrate", "-v0")
            manage(env, "seed_demo")
            print(f"demo seeded in {time.monotonic() - started:.0f} s")
        setup_django(env)
        median, best, cpu, size = one_report()
        verdict = "OK" if median < ONE_TARGET_SECONDS else "OVER"
        print(
            f"one report (figures + Chinese PDF, {size // 1024} KB): median {median:.2f} s, "
            f"best {best:.2f} s, CPU {cpu:.2f} s; target < {ONE_TARGET_SECONDS:.0f} s: "
            f"{verdict}; {load()}"
        )
        run_batch(env, sample=args.sample, full=args.full)


if __name__ == "__main__":
    main()
