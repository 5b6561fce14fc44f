"""The excellent-company center's tenancy becomes a programme, and every existing call belongs to it."""

from django.conf import settings
from django.db import migrations

TENANCY = "tenancy"


def tenancy_programme_create(apps, schema_editor):
    Programme = apps.get_model("applications", "Programme")
    Call = apps.get_model("applications", "Call")
    HistoricalCall = apps.get_model("applications", "HistoricalCall")
    programme, _created = Programme.objects.get_or_create(
        code=TENANCY,
        defaults={
            "name_ko": "우수기업센터 입주기업 모집",
            "name_en": "Tenancy at the excellent-company center",
            "description_ko": "양재 AI 특구 우수기업센터의 사무실에 입주할 AI 기업을 모집합니다.",
            "description_en": "Office units at the Yangjae AI special zone's excellent-company center for AI "
                              "companies.",
            "outcome": "unit_offer",
            "position": 1,
        },
    )
    Call.objects.filter(programme__isnull=True).update(programme=programme)
    HistoricalCall.objects.filter(programme__isnull=True).update(programme=programme)
    # Staff keep seeing what they saw: every programme, until a superuser narrows their assignment.
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    ProgrammeStaff = apps.get_model("applications", "ProgrammeStaff")
    for user_id in User.objects.filter(is_staff=True, groups__name="district_staff").values_list("pk", flat=True):
        ProgrammeStaff.objects.get_or_create(user_id=user_id, programme=None)


def tenancy_programme_remove(apps, schema_editor):
    Programme = apps.get_model("applications", "Programme")
    Call = apps.get_model("applications", "Call")
    HistoricalCall = apps.get_model("applications", "HistoricalCall")
    Call.objects.filter(programme__code=TENANCY).update(programme=None)
    HistoricalCall.objects.filter(programme__code=TENANCY).update(programme=None)
    Programme.objects.filter(code=TENANCY, calls__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0011_programmes"), ("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(tenancy_programme_create, tenancy_programme_remove)]
