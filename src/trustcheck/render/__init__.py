"""The render stage: an assessment as a terminal table, JSON and the other output formats."""
