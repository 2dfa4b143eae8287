"""Search by name: an SQLite FTS5 index of every named resource's labels, written with each build."""
