"""Survey respondent tokens were an HMAC under SECRET_KEY; anyone who knew the key (the
development default is public) could recompute them for every invited person and so
re-identify answers. Tokens now use a separate survey secret. Existing tokens are replaced
by random values, which cuts the old link for good; nothing else needs them, since the
invitation's ``responded`` flag still stops a second answer."""

import secrets

from django.db import migrations


def replace_tokens_with_random_values(apps, schema_editor):
    SurveyResponse = apps.get_model("assessment", "SurveyResponse")
    for response in SurveyResponse.objects.only("pk").iterator():
        SurveyResponse.objects.filter(pk=response.pk).update(
            respondent_token=secrets.token_hex(32)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0003_indicator_confidential"),
    ]

    operations = [
        migrations.RunPython(replace_tokens_with_random_values, migrations.RunPython.noop),
    ]
