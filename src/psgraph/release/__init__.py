"""Versioned snapshots of the data, with a changelog computed from two releases."""
