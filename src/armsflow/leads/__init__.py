"""Trafficking leads: declarative rules and scores for purchasers, dealers and networks; work
queue; evaluation (issue 6).
"""
