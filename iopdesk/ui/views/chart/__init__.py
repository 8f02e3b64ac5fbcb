"""The client's chart screen."""
