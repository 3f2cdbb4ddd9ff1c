from modeltranslation.translator import TranslationOptions, register

from tandem.outcomes.models import OutcomeSettings


@register(OutcomeSettings)
class OutcomeSettingsTranslationOptions(TranslationOptions):
    # Mentees answer the self-assessment in their language (en, nl or fr).
    fields = ("self_assessment",)
