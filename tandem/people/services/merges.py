"""Merging two records of the same person into one, keeping every history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.people.models import (
    LEVEL_ORDER,
    Consent,
    Participant,
    Person,
    PersonLanguage,
    PersonMerge,
    Referral,
)
from tandem.people.services.persons import person_update

# Fields the kept record takes from the other one when it has nothing itself.
FILL_IN = (
    "preferred_name",
    "birth_date",
    "birth_year",
    "email",
    "phone",
    "country_of_origin",
    "postcode",
    "municipality",
    "education_level",
    "occupation",
)
UNITE = ("sectors", "interests", "availability")


@transaction.atomic
def person_merge(*, keep: Person, other: Person, merged_by: User) -> Person:
    """Merge ``other`` into ``keep``: participations (with their status history and intakes),
    referrals, consents and languages move over; empty details are filled in; ``other`` is then
    deleted and the merge is recorded. Refused when both take part in the same programme in the
    same role, or both have a log-in: a coordinator resolves that first."""
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    other = Person.objects.select_for_update().get(pk=other.pk)
    if keep.pk == other.pk or keep.organisation_id != other.organisation_id:
        raise ValidationError(_("These two records cannot be merged."))
    kept_roles = set(keep.participations.values_list("programme_id", "role"))
    if kept_roles & set(other.participations.values_list("programme_id", "role")):
        raise ValidationError(
            _(
                "Both records take part in the same programme in the same role. Close one of "
                "these participations first."
            )
        )
    if keep.user_id and other.user_id:
        raise ValidationError(_("Both records have a log-in; ask an admin to remove one first."))

    fields = {name: getattr(other, name) for name in FILL_IN if not getattr(keep, name)}
    # A date of birth only fills in when it agrees with the year the kept record has.
    if "birth_date" in fields and keep.birth_year and fields["birth_date"].year != keep.birth_year:
        fields.pop("birth_date")
    for name in UNITE:
        fields[name] = list(dict.fromkeys([*getattr(keep, name), *getattr(other, name)]))
    languages = {pl.code: pl.level for pl in keep.languages.all()}
    for pl in other.languages.all():
        if pl.code not in languages or LEVEL_ORDER[pl.level] > LEVEL_ORDER[languages[pl.code]]:
            languages[pl.code] = pl.level
    user_id = keep.user_id or other.user_id
    trace = PersonMerge(
        merged_name=f"{other.first_name} {other.last_name}",
        merged_email=other.email,
        merged_phone=other.phone,
        merged_at=timezone.now(),
        merged_by=merged_by,
    )

    Participant.objects.filter(person=other).update(person=keep)
    Referral.objects.filter(person=other).update(person=keep)
    now = timezone.now()
    # Per purpose, the record that acted last wins: a standing consent of the other record ends
    # when the kept record already has one, or withdrew one after it was given (a withdrawal
    # must never come undone by a merge). Ended rows stay as evidence.
    for consent in Consent.objects.filter(person=other, withdrawn_at__isnull=True):
        kept_rows = Consent.objects.filter(person=keep, purpose=consent.purpose)
        superseded = (
            kept_rows.filter(withdrawn_at__isnull=True).exists()
            or kept_rows.filter(withdrawn_at__gt=consent.given_at).exists()
        )
        if superseded:
            consent.withdrawn_at, consent.withdrawn_by = now, merged_by
            consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    Consent.objects.filter(person=other).update(person=keep)
    PersonLanguage.objects.filter(person=other).delete()
    PersonMerge.objects.filter(kept=other).update(kept=keep)
    other.delete()

    # Details that came from the other record may not fit together (a postcode without its
    # municipality): take the other's whole address, or none of it.
    if "postcode" in fields and "municipality" not in fields:
        fields.pop("postcode")
    keep = person_update(person=keep, fields=fields, languages=languages.items())
    if user_id != keep.user_id:
        keep.user_id = user_id
        keep.save(update_fields=["user"])
    trace.kept = keep
    trace.save()
    return keep
