"""Changes to mentorships. Views, receivers, tasks, the demo and tests call these."""

from tandem.mentorships.services.starting import mentorship_pair, mentorship_start, settings_for

__all__ = ["mentorship_pair", "mentorship_start", "settings_for"]
