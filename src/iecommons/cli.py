"""The ``iecommons`` command.

``iecommons run`` sets up (migrate, seed once, collect static files) and serves the
platform; ``iecommons backup FILE`` / ``iecommons restore FILE`` save and restore the
embedded database with the uploads; ``iecommons manage ...`` is Django's manage.py;
``iecommons evaluate``, ``iecommons weights`` and ``iecommons match`` run the analytics
core on files, with no database at all.
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
    from iecommons.config.embedded import use_embedded_defaults

    # The local key of an embedded install, if `iecommons run` has made one; never a new one.
    use_embedded_defaults(create=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["iecommons manage", *argv])
    return 0


def _run(args: argparse.Namespace) -> int:
    from iecommons.config.embedded import use_embedded_defaults

    # The embedded default needs no configuration: a local key is made once in var/.
    use_embedded_defaults(host=args.host or os.environ.get("HOST", "127.0.0.1"), create=True)
    _django_setup()
    from django.core.management import call_command

    call_command("serve", host=args.host, port=args.port, no_seed=args.no_seed)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from iecommons.config.embedded import use_embedded_defaults

    use_embedded_defaults(create=True)
    _django_setup()
    return _command("backup", str(args.file))


def _restore(args: argparse.Namespace) -> int:
    from iecommons.config.embedded import use_embedded_defaults

    # A fresh machine has no local key yet: restoring is how it starts its life.
    use_embedded_defaults(create=True)
    _django_setup()
    return _command("restore", str(args.file), replace=args.replace)


def _command(name: str, *arguments: str, **options: object) -> int:
    """A management command, its refusal printed as one line (no traceback), status 1."""
    from django.core.management import CommandError, call_command

    try:
        call_command(name, *arguments, **options)
    except CommandError as error:
        print(f"iecommons {name}: {error}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    from iecommons.analytics import cli as analytics_cli
    from iecommons.assessment.engine import reproduce_cli

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

    backup = commands.add_parser(
        "backup", help="back up the embedded SQLite database and the uploads into FILE"
    )
    backup.add_argument("file", help="the backup file to write, e.g. iecommons-2026-12-01.tar.gz")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore", help="restore a backup made by `iecommons backup` (checked before use)"
    )
    restore.add_argument("file", help="the backup file to restore")
    restore.add_argument(
        "--replace", action="store_true", help="overwrite a database that already holds data"
    )
    restore.set_defaults(handler=_restore)

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
    if arguments[:1] == ["reproduce"]:
        # Only what reproduction needs: an auditor's check should start in a blink.
        from iecommons.assessment.engine import reproduce_cli

        parser = argparse.ArgumentParser(prog="iecommons")
        reproduce_cli.add_command(parser.add_subparsers(dest="command", required=True))
        args = parser.parse_args(arguments)
        return int(args.handler(args) or 0)
    parser = build_parser()
    args = parser.parse_args(arguments)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
