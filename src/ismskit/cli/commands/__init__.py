"""One run_* function per subcommand; each returns an exit code."""
