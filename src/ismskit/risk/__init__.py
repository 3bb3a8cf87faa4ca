"""The risk engine: pure functions from ratings to scores, levels and acceptability."""
