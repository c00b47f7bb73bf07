"""Pydantic models of a formation proposal; no I/O here."""

from proposal_kit.model.proposal import Proposal

__all__ = ["Proposal"]
