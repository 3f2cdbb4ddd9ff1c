"""Forms of the mentorships pages, one module per area."""
