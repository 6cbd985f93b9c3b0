"""Monitoring of the ATF-ICE agreement: the six activities and the compliance dashboard (issue 7).
"""
