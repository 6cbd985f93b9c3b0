"""Storage plumbing shared by every feature: metadata, engines, sessions, dialect seams."""
