"""The import form: what editors type or upload, checked enough to call the import service."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from annotations.models import Language

MAX_UPLOAD_BYTES = 4 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm")


class ImportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Article text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_("Paste the text, or upload a file below."),
    )
    upload = forms.FileField(
        label=_("…or upload a file"),
        required=False,
        help_text=_("Plain text (.txt, UTF-8) or a web page (.html); only its main text is kept."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.text,.html,.htm"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Detect automatically")), *Language.choices],
    )
    source_url = forms.CharField(label=_("Source URL"), max_length=2048, required=False)
    published_at = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    newsroom = forms.TypedChoiceField(label=_("Newsroom"), coerce=int, required=True)

    def __init__(self, *args: Any, newsrooms: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["newsroom"]).choices = [
            (n.pk, n.name) for n in newsrooms
        ]
        if len(newsrooms) == 1:
            self.fields["newsroom"].initial = newsrooms[0].pk
            self.fields["newsroom"].widget = forms.HiddenInput()

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(_("Upload a .txt or .html file."), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 4 MB."), code="too_large")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("upload") and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Paste the article text or upload a file."))
        return cleaned
