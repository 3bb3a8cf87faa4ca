"""The command line: the typer app, one module per command group; the only place for typer, rich."""
