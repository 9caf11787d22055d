"""The demo community (科城路社区) the program starts on with ``office-app demo``.

The modules the views and the command line call: ``community``.
"""
