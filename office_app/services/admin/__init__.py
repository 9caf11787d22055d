"""Administration: who acts and their rights, log-in and operators, the audit trail,
the community's settings, backups and restores, the retention purge and the file check, and
the database itself (open, close, one transaction).

The modules the views and the command line call: ``actor``, ``auth``, ``operators``, ``audit``,
``audit_listing``, ``settings``, ``backup``, ``retention``, ``integrity``, ``database``.
"""
