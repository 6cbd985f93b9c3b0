"""The records a trace walks: licensees, firearms, transfers, purchasers and reports."""
