"""The one layout shipped: the headers Korean internet banking exports commonly use, as alternatives.
Not verified against any bank's own material (docs/receipts.md); staff add and correct layouts in the admin."""

from django.db import migrations

GENERIC = {
    "label": "일반 은행 거래내역 (미검증) / Generic Korean bank export (unverified)",
    "bank": "-",
    "verified": False,
    "source": "Common header names of Korean internet-banking exports; not checked against a bank's own "
              "specification. Confirm with a real export of the lessor's bank before relying on it.",
    "date_column": "거래일시|거래일자|거래일|일자|날짜|date",
    "time_column": "거래시간|시간|time",
    "description_column": "적요|거래구분|구분|description",
    "depositor_column": "기재내용|내용|보낸분/받는분|의뢰인|입금자명|입금자|depositor",
    "deposit_column": "입금액|입금액(원)|입금|맡기신금액|deposit",
    "withdrawal_column": "출금액|출금액(원)|출금|찾으신금액|withdrawal",
    "balance_column": "잔액|잔액(원)|거래후잔액|balance",
    "virtual_account_column": "",
    "newest_first": True,
}


def forwards(apps, schema_editor):
    BankLayout = apps.get_model("receipts", "BankLayout")
    BankLayout.objects.get_or_create(label=GENERIC["label"], defaults=GENERIC)


def backwards(apps, schema_editor):
    apps.get_model("receipts", "BankLayout").objects.filter(label=GENERIC["label"]).delete()


class Migration(migrations.Migration):
    dependencies = [("receipts", "0001_collections")]
    operations = [migrations.RunPython(forwards, backwards)]
