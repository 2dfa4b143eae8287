"""The printable report: a comparison of countries with its charts, as HTML and PDF."""
