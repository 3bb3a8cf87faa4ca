"""The ISMS repository: where it is, which files it reads, and its registers loaded into models."""
