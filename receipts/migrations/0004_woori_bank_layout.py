"""A layout for 우리은행's "최근거래내역조회" export, taken from a public tool written against that export
(not from the bank's own specification, so not verified; docs/receipts.md)."""

from django.db import migrations

WOORI = {
    "label": "우리은행 최근거래내역조회 (미검증) / Woori Bank recent transactions (unverified)",
    "bank": "우리은행",
    "verified": False,
    "source": "Column headers as read by the public tool mohenjo/woori_xls_conv (woori_xls_conv/woori_xls_cnv.py, "
              "commit 8b2d9db, April 2021): title row \"최근거래내역조회\", header on the fourth row — No., "
              "거래일시, 적요, 기재내용, 지급(원), 입금(원), 거래후 잔액(원), 취급점, 메모, 수표·어음·증권금액(원); "
              "its README assumes the oldest transaction first. Not the bank's own specification: check it "
              "against a real export of the lessor's account, then tick verified and note the date.",
    "date_column": "거래일시",
    "time_column": "",
    "description_column": "적요",
    "depositor_column": "기재내용",
    "deposit_column": "입금(원)",
    "withdrawal_column": "지급(원)",
    "balance_column": "거래후 잔액(원)",
    "virtual_account_column": "",
    "newest_first": False,
}


def forwards(apps, schema_editor):
    BankLayout = apps.get_model("receipts", "BankLayout")
    BankLayout.objects.get_or_create(label=WOORI["label"], defaults=WOORI)


def backwards(apps, schema_editor):
    apps.get_model("receipts", "BankLayout").objects.filter(label=WOORI["label"]).delete()


class Migration(migrations.Migration):
    dependencies = [("receipts", "0003_adjustments_of_payments")]
    operations = [migrations.RunPython(forwards, backwards)]
