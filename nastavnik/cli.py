"""Console entry point `nastavnik`: forwards to Django's management commands.

`nastavnik load_demo` is the same as `python manage.py load_demo`.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nastavnik", *sys.argv[1:]])
