"""Forms of the report pages: the narrative, returning a report, starting a batch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iecommons.oversight.reports.labels import NARRATIVE_SECTIONS


class NarrativeForm(forms.Form):
    """One text area per narrative section; the service cleans the HTML."""

    def __init__(self, *args: Any, initial_sections: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key, label in NARRATIVE_SECTIONS.items():
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=(initial_sections or {}).get(key, ""),
                help_text=_(
                    "HTML paragraphs, lists, tables and embedded images (PNG, JPEG, GIF); "
                    "scripts and links are removed."
                )
                if key == "summary"
                else "",
            )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What should change"), max_length=500)


class StartReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        year = self.fields["year"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = timezone.localdate().year


class BatchForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    region = forms.ChoiceField(label=_("Jurisdiction"))
    language = forms.ChoiceField(
        label=_("Language"), choices=[("zh-hans", "中文"), ("en", "English")], initial="zh-hans"
    )

    def __init__(self, *args: Any, regions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [
            ("", str(_("the whole country"))) if region is None else (str(region.pk), region.name)
            for region in regions
        ]
        self.regions = {("" if region is None else str(region.pk)): region for region in regions}
