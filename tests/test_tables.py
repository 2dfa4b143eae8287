from psgraph.tables import render_table


def test_numbers_are_right_aligned_and_text_left_aligned() -> None:
    lines = render_table(["name", "n"], [["France", 39], ["EU", 5]]).splitlines()
    assert lines[0] == "name     n"
    assert lines[2] == "France  39"
    assert lines[3] == "EU       5"
