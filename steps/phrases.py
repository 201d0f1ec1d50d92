"""Pieces of step phrases shared by step modules, so features read naturally for any persona."""

POSSESSIVE = r"(?:her|his|their)"
SUBJECT = r"(?:she|he|they)"
