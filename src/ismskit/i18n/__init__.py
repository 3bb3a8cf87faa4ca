"""Labels and translations: one data file per language."""
