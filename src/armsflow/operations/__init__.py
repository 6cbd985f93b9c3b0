"""Planned operations with event deconfliction, and joint operations with their tallies (issue 7).
"""
