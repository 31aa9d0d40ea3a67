"""The ``iecommons`` command.

``iecommons run`` sets up (migrate, seed once, collect static files) and serves the
platform; ``iecommons manage ...`` is Django's manage.py; ``iecommons evaluate``,
``iecommons weights`` and ``iecommons match`` run the analytics core on files, with no
database at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    import django

    django.setup()


def _manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["iecommons manage", *argv])
    return 0


def _run(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import call_command

    call_command("serve", host=args.host, port=args.port, no_seed=args.no_seed)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from iecommons.analytics import cli as analytics_cli
    from iecommons.assessment import reproduce_cli

    parser = argparse.ArgumentParser(
        prog="iecommons",
        description="IE Commons: the platform and its evaluation engine.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="set up (migrate, seed the demo once) and serve the platform"
    )
    run.add_argument(
        "--host", default=None, help="address to listen on (default: $HOST or 127.0.0.1)"
    )
    run.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
    run.add_argument("--no-seed", action="store_true", help="do not seed the demo data")
    run.set_defaults(handler=_run)

    commands.add_parser(
        "manage",
        help="Django's manage.py: iecommons manage migrate, createsuperuser, ...",
        add_help=False,
    )
    analytics_cli.add_commands(commands)
    reproduce_cli.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["manage"]:
        return _manage(arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
