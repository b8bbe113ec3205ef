from django.contrib import admin

from .models import Practice, Principle, Stage


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "slug"]
    ordering = ["number"]


class PracticeInline(admin.StackedInline):
    model = Practice
    extra = 0
    show_change_link = True
    fields = ["stage", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "short_name"]
    ordering = ["number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PracticeInline]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "principle", "stage"]
    list_filter = ["principle", "stage"]
    list_select_related = ["principle", "stage"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["principle", "stage", "title", "slug", "summary"]}),
        (
            None,
            {"fields": ["why", "how_it_helps", "questions", "implementation", "outcome_measures"]},
        ),
        (None, {"fields": ["statistic", "statistic_source", "source_url"]}),
    ]
