"""Pieces the roster screens share: prompts, forms, the client picker, import and export."""
