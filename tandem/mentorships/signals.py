"""What mentorships tell later steps (outcomes, community). Later apps listen; this app never
imports them (DESIGN.md: dependencies go one way)."""

from django.dispatch import Signal

# A mentorship was closed (completed or ended early). Sent once the closing transaction has
# committed, with sender=Mentorship. Arguments: mentorship (with ended_on, status and
# closure_reason set). The outcomes app listens to schedule the first follow-up.
mentorship_closed = Signal()
