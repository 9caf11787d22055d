"""Pieces the pages share: buttons and their rows, shortcuts, the status line, save paths and
calls into a service whose failure is shown to the user. Layout and wiring only."""
