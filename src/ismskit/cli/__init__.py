"""The command line: the typer app and one module per command group (the only place for typer and rich)."""
