"""Crime-gun analytics: reports over trace data on DuckDB, PostgreSQL and Spark, dashboards, safe
public releases (issue 5).
"""
