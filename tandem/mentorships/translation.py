from modeltranslation.translator import TranslationOptions, register

from tandem.mentorships.models import MentorshipSettings


@register(MentorshipSettings)
class MentorshipSettingsTranslationOptions(TranslationOptions):
    # The printed agreement reads in the mentee's language (en, nl or fr).
    fields = ("code_of_conduct", "mentor_commitments", "mentee_commitments")
