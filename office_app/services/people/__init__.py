"""People: residents and households, identity documents and phone numbers, and the
audited showing of personal data in full.

The modules the views and the command line call: ``residents``, ``identity``, ``privacy``.
"""
