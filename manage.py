#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    # manage.py in a checkout is the developer's tool: development defaults unless DEBUG is set explicitly.
    # Production runs the WSGI/ASGI application (DEBUG off by default) and sets DEBUG=0 for its commands.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
