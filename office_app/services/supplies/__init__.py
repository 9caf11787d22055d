"""Supplies (物资): batches, the stock ledger, distribution rounds and deliveries.

The modules the views and the command line call: ``stock``, ``listings``,
``delivery_sheet`` (a round's delivery sheet, gathered for printing).
"""
