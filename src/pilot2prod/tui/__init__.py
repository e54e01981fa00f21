"""Everything Textual lives in this package; nothing outside it imports textual."""
