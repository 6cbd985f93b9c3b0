"""Notifications: an in-application inbox per user and e-mail through a configured SMTP server."""
