"""The territorial backbone: official open data turned into the Turtle files of data/reference/.

Run by ``psgraph reference`` (``make reference``) on a machine that has the source packages; the
generated files are committed, so building and serving the graph needs no network.
"""
