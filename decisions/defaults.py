"""The default wording of decision notices, per kind; staff edit it in the admin (DecisionWording).
The periods follow 행정기본법 §36 (이의신청 within 30 days of receiving the decision), 행정심판법 §27
(행정심판 within 90 days of learning of it, 180 days of the decision) and 행정소송법 §20 (90 days).

The English wording (`*_en`) is a courtesy translation for founders who read the portal in English: the
Korean notice is the official one, and the English notice says so (`translation_note_en`)."""

COMMON = {
    "authority": "서울특별시 서초구청장",
    "objection_days": 30,
    "objection_text": "이 처분에 이의가 있는 경우 처분청인 서울특별시 서초구청장에게 서면으로 이의신청을 할 수 "
                      "있습니다(「행정기본법」 제36조).",
    "appeal_days": 90,
    "appeal_text": "서울특별시행정심판위원회에 행정심판을 청구할 수 있습니다(「행정심판법」 제27조). 처분이 있음을 "
                   "알게 된 날부터 90일, 처분이 있었던 날부터 180일이 지나면 청구할 수 없습니다. 온라인 "
                   "행정심판(www.simpan.go.kr)으로도 청구할 수 있습니다.",
    "lawsuit_days": 90,
    "lawsuit_text": "관할 행정법원(서울행정법원)에 취소소송 등 행정소송을 제기할 수 있습니다(「행정소송법」 제20조). "
                    "행정심판을 거친 경우에는 재결서 정본을 송달받은 날부터 90일 이내에 제기할 수 있습니다.",
    "contact_department": "서울특별시 서초구청 양재AI특구추진단",
    "contact_phone": "02-2155-7010",
}

WORDINGS = {
    "exemption_refusal": {
        "title": "규제특례 확인서 발급 거부 통지서",
        "matter_label": "신청 사항",
        "decision_text": "귀하께서 신청하신 위 사항에 대하여 아래와 같은 이유로 확인서를 발급하지 않기로 "
                         "결정하였음을 알려 드립니다.",
    },
    "application_ineligible": {
        "title": "입주기업 모집 신청 부적격 통지서",
        "matter_label": "신청 공고",
        "decision_text": "귀하께서 제출하신 위 신청은 아래와 같은 이유로 신청 요건을 충족하지 못하여 부적격으로 "
                         "결정되었음을 알려 드립니다.",
    },
    "application_not_selected": {
        "title": "입주기업 선정 결과(미선정) 통지서",
        "matter_label": "신청 공고",
        "decision_text": "귀하께서 제출하신 위 신청은 심사 결과 아래와 같은 이유로 입주기업으로 선정되지 않았음을 "
                         "알려 드립니다.",
    },
}


COMMON_EN = {
    "authority_en": "Mayor of Seocho-gu, Seoul Metropolitan City",
    "objection_text_en": "If you object to this decision, you may file a written objection with the authority that "
                         "made it, the Mayor of Seocho-gu, Seoul Metropolitan City (Article 36 of the General "
                         "Act on Public Administration).",
    "appeal_text_en": "You may file an administrative appeal with the Seoul Metropolitan Administrative Appeals "
                      "Commission (Article 27 of the Administrative Appeals Act). No appeal may be filed after "
                      "90 days from the day you became aware of the decision, or after 180 days from the day it "
                      "was made. An appeal may also be filed online (www.simpan.go.kr).",
    "lawsuit_text_en": "You may bring an administrative lawsuit, such as an action for revocation, before the "
                       "competent administrative court (Seoul Administrative Court) (Article 20 of the "
                       "Administrative Litigation Act). If you have first filed an administrative appeal, the "
                       "lawsuit may be brought within 90 days of receiving the certified copy of the ruling.",
    "contact_department_en": "Yangjae AI Special Zone Promotion Team, Seocho-gu Office, Seoul Metropolitan City",
    "translation_note_en": "This English version is a translation provided for information only. The notice in "
                           "Korean is the official notice; in case of any difference, the Korean notice prevails.",
}

WORDINGS_EN = {
    "exemption_refusal": {
        "title_en": "Notice of Refusal to Issue a Certificate of Regulatory Exemption",
        "matter_label_en": "Matter requested",
        "decision_text_en": "We hereby notify you that it has been decided not to issue the certificate for the "
                            "matter above that you requested, for the reasons stated below.",
    },
    "application_ineligible": {
        "title_en": "Notice of Ineligibility of an Application for Tenancy",
        "matter_label_en": "Call for applications",
        "decision_text_en": "We hereby notify you that the application above that you submitted has been found "
                            "ineligible, as it does not meet the requirements of the call, for the reasons stated "
                            "below.",
    },
    "application_not_selected": {
        "title_en": "Notice of the Result of Selection of Tenant Companies (Not Selected)",
        "matter_label_en": "Call for applications",
        "decision_text_en": "We hereby notify you that, following the evaluation, the application above that you "
                            "submitted has not been selected as a tenant company, for the reasons stated below.",
    },
}


def wording_defaults(kind: str) -> dict:
    return {**COMMON, **WORDINGS[kind], **COMMON_EN, **WORDINGS_EN[kind]}
