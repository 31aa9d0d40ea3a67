#!/usr/bin/env python
"""Django's command-line utility; ``iecommons manage ...`` does the same."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    from iecommons.config.embedded import use_embedded_defaults

    # The local key of an embedded install, if `iecommons run` has made one; never a new one.
    use_embedded_defaults(create=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
