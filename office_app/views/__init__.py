"""Qt only: the main window, pages, dialogs and table models. Services do the work."""
