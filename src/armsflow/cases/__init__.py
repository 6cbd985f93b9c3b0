"""Interagency cases and target deconfliction (issue 7)."""
