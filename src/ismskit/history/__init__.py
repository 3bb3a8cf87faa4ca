"""Git: the registers' history as the ISMS change log."""
