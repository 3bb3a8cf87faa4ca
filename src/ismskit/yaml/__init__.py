"""YAML I/O: located reading of register files and the parse cache."""
