"""What matching tells later steps. Sent inside the transaction that made the change, so a
receiver that fails undoes it."""

from django.dispatch import Signal

# Both sides accepted a proposal. Arguments: proposal, accepted_at (a datetime).
proposal_accepted = Signal()
