"""Nucleic-acid testing after the import: positives, pooled tubes to retest, coverage,
and the tests page's lists.

The modules the views and the command line call: ``followup``, ``listings``,
``untested_list`` (the printable 未检名单's facts).
"""
