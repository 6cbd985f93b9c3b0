"""Agencies, users, sessions, API tokens and the one policy that decides what a caller may see."""
