"""Supplies (物资): batches, the stock ledger, distribution rounds and deliveries.

The modules the views and the command line call: ``stock``, ``listings``.
"""
