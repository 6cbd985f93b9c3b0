"""Entity resolution: the same person under variant names, dates of birth and addresses (issue 6).
"""
