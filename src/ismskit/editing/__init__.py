"""Writing to the registers: one round-trip writer, and the edits, imports and exports on it."""
