"""The documents isms renders: one module per document, plus the shared rendering."""
