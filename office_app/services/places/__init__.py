"""Places: compounds (小区) and buildings (楼栋), and their risk levels.

The modules the views and the command line call: ``buildings``, ``risk``.
"""
