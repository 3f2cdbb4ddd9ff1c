from modeltranslation.translator import TranslationOptions, register

from tandem.programmes.models import Programme


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "description", "registration_intro")
    required_languages = ("en",)
