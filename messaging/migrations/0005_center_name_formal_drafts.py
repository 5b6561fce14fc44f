"""The drafts of the KakaoTalk templates not yet submitted to Kakao name the center by its one name and ask
in the formal register ("…해 주십시오"); a submitted or approved text stays exactly as Kakao reviewed it."""

from django.db import migrations

REPLACEMENTS = [
    ("[양재 AI 우수기업센터]", "[서초AICT 우수기업센터]"),
    ("[양재AI센터]", "[서초AICT센터]"),
    ("해 주세요", "해 주십시오"),
    ("주세요.", "주십시오."),
    ("주세요,", "주십시오,"),
]


def _rewrite(text: str, pairs) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _apply(apps, pairs):
    model = apps.get_model("messaging", "MessageTemplate")
    for template in model.objects.filter(approval="draft"):
        text, sms_text = _rewrite(template.text, pairs), _rewrite(template.sms_text, pairs)
        if (text, sms_text) != (template.text, template.sms_text):
            template.text, template.sms_text = text, sms_text
            template.save(update_fields=["text", "sms_text"])


def forward(apps, schema_editor):
    _apply(apps, REPLACEMENTS)


def backward(apps, schema_editor):
    _apply(apps, [(new, old) for old, new in REPLACEMENTS[:2]])


class Migration(migrations.Migration):
    dependencies = [("messaging", "0004_delivery_lms")]
    operations = [migrations.RunPython(forward, backward)]
