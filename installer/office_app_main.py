"""Entry point of the PyInstaller bundle: the same ``main`` as the ``office-app`` command."""

import sys

from office_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
