"""Downloads written for the programs researchers open them with (spreadsheets)."""
