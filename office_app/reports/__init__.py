"""Printable documents (PDF, reportlab). No Qt widgets: tested without a display."""
