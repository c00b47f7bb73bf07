"""Rendering: a Proposal into the official-format Word document."""
