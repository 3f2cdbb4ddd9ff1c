"""Changes to persons, participants, consents and referrals.

Views, commands, imports, the demo and tests all call these functions; one module per subject.
"""

from tandem.people.services.applications import application_submit
from tandem.people.services.consents import consent_give, consent_withdraw
from tandem.people.services.eligibility_rules import eligibility_rules_save
from tandem.people.services.imports import import_run, import_start
from tandem.people.services.intakes import intake_record
from tandem.people.services.merges import person_merge
from tandem.people.services.persons import (
    PERSON_FIELDS,
    held_from,
    match_keys,
    participant_create,
    participant_move,
    participant_update,
    person_create,
    person_grant_portal_access,
    person_update,
    search_text,
)
from tandem.people.services.readiness import screening_record, training_record
from tandem.people.services.referrals import referral_accept, referral_close, referral_create

__all__ = [
    "PERSON_FIELDS",
    "application_submit",
    "consent_give",
    "consent_withdraw",
    "eligibility_rules_save",
    "held_from",
    "import_run",
    "import_start",
    "intake_record",
    "match_keys",
    "participant_create",
    "participant_move",
    "participant_update",
    "person_create",
    "person_grant_portal_access",
    "person_merge",
    "person_update",
    "referral_accept",
    "referral_close",
    "referral_create",
    "screening_record",
    "search_text",
    "training_record",
]
