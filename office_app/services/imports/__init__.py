"""Every file import: the test site's results, buildings, residents, volunteers and
supply batches, read and checked by one machinery.

The modules the views and the command line call: ``machinery``, ``stream``, ``tests``,
``buildings``, ``residents``, ``volunteers``, ``supplies``.
"""
