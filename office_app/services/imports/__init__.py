"""Every file import: the test site's results, buildings, residents, volunteers and supply
batches, each file read, matched, checked and recorded by the same parts.

The shared parts, each with one job (none calls back into one that called it)::

    errors   why a file cannot be imported at all (ImportFileError, MissingColumns)
    reader   the one streaming reader: CSV in every encoding, .xlsx by content, row by row
    headers  the one header matcher: columns by label and synonyms
    rows     one data row, the checks every kind shares, why a row is rejected
    summary  the one ImportSummary and JSON shape; the ImportRun and its rejected rows
    runner   the row-by-row run of the list kinds, in one transaction
    names    the one form of compound, building, unit and room names

The kinds, each with only its columns, its row checks and its writer: ``buildings``,
``residents``, ``volunteers``, ``supplies`` (modules, run row by row through ``runner``) and
``tests`` (the test site's results: a package of its own parts, written in batches).
"""
