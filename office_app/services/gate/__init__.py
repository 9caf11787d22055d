"""The gate desk (出入管理): residents' exit requests, errands and escorts.

The modules the views and the command line call: ``exits``, ``register`` (the gate
register's facts).
"""
