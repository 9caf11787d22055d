"""Use cases and rules. The only code that writes. No Qt widgets here."""
