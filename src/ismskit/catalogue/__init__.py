"""The control catalogue: ISO/IEC 27001:2022 Annex A as a data file and its loader."""
