"""Pydantic models of isms.yaml and of every register entry."""
