"""Qt table models over the frozen dataclasses the domain returns."""
