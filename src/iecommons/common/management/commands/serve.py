"""``serve``: set up and serve the whole platform from one command (``iecommons run``).

It migrates, seeds the demo once into an empty database, collects static files, starts a
background job worker, prints the address and the demo accounts, and serves with
gunicorn (or ``runserver`` when DEBUG). The job worker and the web server run as child
processes of this one, so that Ctrl-C or SIGTERM stops all of them, and a worker that
dies is started again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.module_loading import import_string

import iecommons

# How long children get to finish after SIGTERM before they are killed.
_STOP_GRACE_SECONDS = 10


class _StopRequestedError(Exception):
    """Raised by the SIGTERM handler to leave the supervision loop."""


def _demo_hook(name: str) -> Callable[[], Any] | None:
    """The demo function a setting names (``DEMO_IS_SEEDED``), or None.

    Named in the settings rather than imported: common sits below the apps that seed the
    demo, and the settings are where the platform is put together."""
    path = getattr(settings, name, "")
    if not path:
        return None
    try:
        hook: Callable[[], Any] = import_string(path)
    except ImportError:
        return None
    return hook


def _demo_hooks(name: str) -> list[Callable[[], Any]]:
    """The demo functions a setting names, one path or several (``DEMO_ACCOUNTS``: each
    app that seeds demo accounts lists them); an absent one is left out."""
    paths = getattr(settings, name, ()) or ()
    if isinstance(paths, str):
        paths = (paths,)
    hooks = []
    for path in paths:
        try:
            hooks.append(import_string(path))
        except ImportError:
            continue
    return hooks


def _manage_argv(*arguments: str) -> list[str]:
    # The same interpreter and settings as this process; `iecommons manage` is manage.py.
    return [sys.executable, "-m", "iecommons.cli", "manage", *arguments]


def _child_environment() -> dict[str, str]:
    # Children import the same settings and the same copy of the package, even when this
    # process found it through manage.py's sys.path rather than an installed distribution.
    source_dir = str(Path(iecommons.__file__).resolve().parent.parent)
    python_path = os.environ.get("PYTHONPATH", "")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "iecommons.config.settings"
        ),
        "PYTHONPATH": os.pathsep.join(filter(None, [source_dir, python_path])),
    }


def _start(argv: list[str], environment: dict[str, str]) -> subprocess.Popen[bytes]:
    # A session of its own, so that stopping it reaches its own children too (runserver's
    # autoreloader runs the server in a grandchild that would otherwise be orphaned).
    return subprocess.Popen(argv, env=environment, start_new_session=True)  # noqa: S603


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


class Command(BaseCommand):
    help = "Migrate, seed the demo once, collect static files, run a job worker and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None, help="address to listen on")
        parser.add_argument("--port", type=int, default=None, help="port to listen on")
        parser.add_argument("--no-seed", action="store_true", help="do not seed the demo data")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start a background job worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"] or settings.HOST
        port: int = options["port"] or settings.PORT
        verbosity: int = options["verbosity"]

        # The embedded default keeps its SQLite file, static and media files here.
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=min(verbosity, 1))
        if not options["no_seed"]:
            self._seed_once()
        call_command("collectstatic", interactive=False, verbosity=0)

        environment = _child_environment()
        children: dict[str, subprocess.Popen[bytes]] = {}
        commands = {"web": self._web_argv(host, port)}
        if not options["no_worker"]:
            commands["worker"] = _manage_argv(
                "db_worker", "--queue-name", "*", "--no-reload", "--verbosity", "0"
            )

        # SIGINT too: a shell that starts us in the background leaves SIGINT ignored.
        previous_handlers = {
            signum: signal.signal(signum, self._raise_stop)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            for name, argv in commands.items():
                children[name] = _start(argv, environment)
            self._greet(host, port)
            self._supervise(children, commands, environment)
        except (KeyboardInterrupt, _StopRequestedError):
            self.stdout.write("\nStopping…")
            self.stdout.flush()
        finally:
            # Ctrl-C in a terminal reaches the whole process group, and `uv run` and make
            # pass on their own copy: a second SIGINT must not cut the stopping short and
            # leave children behind (or print a traceback).
            for signum in previous_handlers:
                signal.signal(signum, signal.SIG_IGN)
            try:
                self._stop_all(children)
            finally:
                for signum, handler in previous_handlers.items():
                    signal.signal(signum, handler)

    @staticmethod
    def _raise_stop(signum: int, frame: FrameType | None) -> None:
        raise _StopRequestedError

    def _seed_once(self) -> None:
        if "seed_demo" not in get_commands():
            self.stdout.write("No seed_demo command yet: starting with an empty registry.")
            return
        is_seeded = _demo_hook("DEMO_IS_SEEDED")
        if is_seeded is not None and is_seeded():
            return
        self.stdout.write("Seeding the demo data (once, into the empty database)…")
        call_command("seed_demo")

    @staticmethod
    def _web_argv(host: str, port: int) -> list[str]:
        if settings.DEBUG:
            return _manage_argv("runserver", f"{host}:{port}")
        workers = os.environ.get("WEB_CONCURRENCY", "2")
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return [
            sys.executable, "-m", "gunicorn", "iecommons.config.wsgi:application",
            "--bind", bind, "--workers", workers,
            "--access-logfile", "-", "--graceful-timeout", str(_STOP_GRACE_SECONDS),
            # Its control socket is one fixed path per user: two servers would collide.
            "--no-control-socket",
        ]  # fmt: skip

    def _greet(self, host: str, port: int) -> None:
        # In English like the rest of the terminal output (migrate, gunicorn), rather than a
        # mix of the default language's catalogue and untranslated words.
        with translation.override("en"):
            self._write_greeting(host, port)

    def _write_greeting(self, host: str, port: int) -> None:
        shown_host = f"[{host}]" if ":" in host else host
        if host in ("0.0.0.0", "::"):  # noqa: S104 - only naming the address back
            shown_host = "127.0.0.1"
        lines = ["", f"IE Commons is at http://{shown_host}:{port}/", ""]
        # The demo may be absent (an install without the registry's demo data).
        accounts: list[tuple[Any, str, str, Any]] = []
        for accounts_of in _demo_hooks("DEMO_ACCOUNTS"):
            accounts.extend(accounts_of())
        if accounts:
            lines.append("Demo accounts (role · username · password · scope):")
            lines.extend(
                f"  {role} · {username} · {password} · {scope}"
                for role, username, password, scope in accounts
            )
            lines.append("")
        lines.append("Press Ctrl-C to stop.")
        self.stdout.write("\n".join(lines))

    def _supervise(
        self,
        children: dict[str, subprocess.Popen[bytes]],
        commands: dict[str, list[str]],
        environment: dict[str, str],
    ) -> None:
        while True:
            time.sleep(0.5)
            web_status = children["web"].poll()
            if web_status is not None:
                self.stderr.write(f"The web server stopped (exit status {web_status}).")
                raise SystemExit(web_status or 1)
            worker = children.get("worker")
            if worker is not None and worker.poll() is not None:
                self.stderr.write(
                    f"The job worker stopped (exit status {worker.returncode}); starting it again."
                )
                time.sleep(1)
                children["worker"] = _start(commands["worker"], environment)

    @staticmethod
    def _stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
        for child in children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
