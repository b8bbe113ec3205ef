from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.forms import submit_helper

from .models import ApiToken


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        error_messages = {"name": {"required": _("Name the token after what will use it.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Create a token"))
