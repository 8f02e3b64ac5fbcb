"""Administrators' screens: staff accounts."""
