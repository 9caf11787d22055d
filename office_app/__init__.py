"""Community Office (社区防控办公室): one community office's epidemic-control work."""

__version__ = "0.1.0"
APP_NAME = "CommunityOffice"
ORG_NAME = "CommunityOffice"
