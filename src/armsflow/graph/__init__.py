"""Link analysis: the graph of people, addresses, phones, licensees, firearms, recoveries and
traces (issue 6).
"""
