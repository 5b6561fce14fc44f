"""The two exemption types of the special zone: immigration stay extension and patent priority examination."""

from django.db import migrations

TYPES = [
    {
        "code": "IMM",
        "form_key": "immigration",
        "name_ko": "외국인 근로자 체류기간 연장 특례",
        "name_en": "Stay extension for a foreign employee",
        "description_ko": "특구 입주기업에 근무하는 외국인 근로자의 체류기간을 3년에서 5년으로 연장받기 위한 확인서입니다.",
        "description_en": "The confirmation a foreign employee of a special-zone tenant needs to extend the "
                          "permitted stay from 3 to 5 years.",
        "legal_basis_ko": "「출입국관리법」 특례 (양재 AI 미래융합혁신특구)",
        "legal_basis_en": "Special provision of the Immigration Control Act (Yangjae AI special zone)",
        "document_title_ko": "규제특례 적용 확인서 (체류기간 연장)",
        "document_title_en": "Certificate of Regulatory Exemption (Extension of Stay)",
        "statement_ko": "위 기업은 양재 AI 미래융합혁신특구의 입주기업이며, 위 외국인 근로자가 해당 기업에 재직 중임을 "
                        "확인합니다. 이 확인서는 「출입국관리법」상 체류기간 연장 특례의 신청에 사용할 수 있습니다.",
        "statement_en": "This is to certify that the company above is a tenant of the Yangjae AI Future Convergence "
                        "Innovation Special Zone and that the foreign national above is employed by it. This "
                        "certificate may be filed for the special extension of stay under the Immigration Control Act.",
        "required_documents": [
            {"code": "employment_contract", "label_ko": "근로계약서", "label_en": "Employment contract"},
        ],
        "english_version": True,
        "number_prefix": "YAI-IMM",
        "validity_days": 90,
    },
    {
        "code": "PAT",
        "form_key": "patent",
        "name_ko": "특허 우선심사 특례",
        "name_en": "Patent priority examination",
        "description_ko": "특구 입주기업의 특허출원에 대한 우선심사 신청에 첨부하는 특구기업 확인서입니다.",
        "description_en": "The confirmation that the applicant is a special-zone company, attached to a request "
                          "for priority examination of a patent application.",
        "legal_basis_ko": "「특허법」 우선심사 특례 (양재 AI 미래융합혁신특구)",
        "legal_basis_en": "Priority examination under the Patent Act (Yangjae AI special zone)",
        "document_title_ko": "특구기업 확인서 (특허 우선심사)",
        "document_title_en": "Certificate of Special-Zone Company (Patent Priority Examination)",
        "statement_ko": "위 기업은 양재 AI 미래융합혁신특구의 입주기업이며, 위 특허출원의 출원인임을 확인합니다. "
                        "이 확인서는 「특허법」에 따른 우선심사 신청에 첨부할 수 있습니다.",
        "statement_en": "This is to certify that the company above is a tenant of the Yangjae AI Future Convergence "
                        "Innovation Special Zone and the applicant of the patent application above.",
        "required_documents": [],
        "english_version": False,
        "number_prefix": "YAI-PAT",
        "validity_days": 90,
    },
]


def seed(apps, schema_editor):
    ExemptionType = apps.get_model("exemptions", "ExemptionType")
    for row in TYPES:
        ExemptionType.objects.update_or_create(code=row["code"], defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("exemptions", "ExemptionType").objects.filter(code__in=[r["code"] for r in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("exemptions", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
