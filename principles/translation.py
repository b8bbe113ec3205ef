"""The catalogue's text in every language of the site (django-modeltranslation): each field
below gets a column per language, and reading it gives the current language's text, or the
English text where no translation is written yet."""

from modeltranslation.translator import TranslationOptions, register

from .models import Practice, Principle, Stage


@register(Stage)
class StageTranslation(TranslationOptions):
    fields = ("name", "purpose")


@register(Principle)
class PrincipleTranslation(TranslationOptions):
    fields = ("name", "short_name", "idea")


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "why", "how_it_helps", "questions", "implementation",
              "outcome_measures", "statistic", "statistic_source")
