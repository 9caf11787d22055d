"""Volunteers and the duty roster: the volunteer register, its list, posts and shifts.

The modules the views and the command line call: ``register``, ``listing``, ``roster``,
``certificate`` (a service certificate's facts).
"""
