"""The graph as a Frictionless Data Package: tidy CSV tables with a Table Schema each, and their
codebook — for R, Stata, pandas and spreadsheets."""
