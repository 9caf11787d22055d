"""``python -m office_app``: the same program as the ``office-app`` command."""

import sys

from office_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
