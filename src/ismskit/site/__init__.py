"""`isms site`: a self-contained static site of the ISMS (dashboard, trend, every document).

It consumes the documents layer: each document page is the document's own Markdown, rendered by
the same builders and templates as `isms report`, turned into HTML. The charts are SVG drawn here.
"""
