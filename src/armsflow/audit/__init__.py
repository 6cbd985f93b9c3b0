"""The append-only record of every read of personal data and every change."""
