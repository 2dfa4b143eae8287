import pytest

from psgraph.errors import StoreMissingError
from psgraph.store import open_store


def test_open_store_without_a_build_says_what_to_do(mini_project) -> None:
    with pytest.raises(StoreMissingError, match="psgraph build"):
        open_store(mini_project())
