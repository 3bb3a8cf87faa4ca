"""ismskit: run an ISO/IEC 27001 ISMS as YAML registers kept in git."""

__version__ = "0.2.0"
