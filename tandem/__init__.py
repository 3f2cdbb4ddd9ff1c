"""Tandem: a platform for organisations that run mentoring-to-work programmes."""
