"""framework stage."""
