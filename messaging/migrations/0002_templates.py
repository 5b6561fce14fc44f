"""The KakaoTalk templates of the declared messages, as drafts: staff submit each text to Kakao through
Popbill, then enter the template code Popbill shows and mark it approved (docs/messaging.md)."""

from django.db import migrations

HEAD = "[양재 AI 우수기업센터] "
TEMPLATES = {
    "offer_deadline": (
        HEAD + "입주 제안 안내\n#{회사명}에 #{호실}호 입주를 제안합니다.\n#{응답기한}까지 포털에서 수락 또는 거절해 "
        "주세요. 기한까지 응답이 없으면 제안이 만료됩니다.\n▶ 확인하기: #{링크}",
        "[양재AI센터] #{회사명} #{호실}호 입주 제안, #{응답기한}까지 응답해 주세요. #{링크}", False),
    "presentation_slot": (
        HEAD + "발표평가 일정 안내\n접수번호 #{접수번호}의 2차 발표평가 일정을 알려드립니다.\n일시: #{일시}\n"
        "장소: #{장소}\n▶ 참석 확인: #{링크}",
        "[양재AI센터] 발표평가 #{일시}, #{장소}. 참석 확인: #{링크}", False),
    "invoice_due": (
        HEAD + "납부기한 안내\n청구서 #{청구번호}의 납부기한은 #{납부기한}입니다.\n미납금액: #{미납금액}\n"
        "▶ 청구서 보기: #{링크}",
        "[양재AI센터] 청구서 #{청구번호} 납부기한 #{납부기한}, 미납 #{미납금액}. #{링크}", False),
    "invoice_overdue": (
        HEAD + "미납 안내\n청구서 #{청구번호}의 납부기한(#{납부기한})이 #{경과일수}일 지났습니다.\n"
        "미납금액: #{미납금액}\n연체료가 부과될 수 있으니 납부해 주세요.\n▶ 청구서 보기: #{링크}",
        "[양재AI센터] 청구서 #{청구번호} 납부기한 #{경과일수}일 경과, 미납 #{미납금액}. #{링크}", False),
    "relocation_deadline": (
        HEAD + "본사 이전 기한 안내\n#{회사명}(#{호실}호)의 본사 이전 증빙 제출기한은 #{이전기한}입니다"
        "(#{남은일수}일 남음).\n▶ 제출하기: #{링크}",
        "[양재AI센터] #{회사명} 본사 이전 증빙 기한 #{이전기한}(#{남은일수}일 남음). #{링크}", False),
    "stay_expiry": (
        HEAD + "체류기간 만료 안내\n#{대상자}님의 체류기간이 #{만료일}에 끝납니다(#{남은일수}일 남음).\n"
        "체류기간 연장 특례 서류가 필요하면 포털에서 신청해 주세요.\n▶ 확인하기: #{링크}",
        "[양재AI센터] #{대상자}님 체류기간 만료 #{만료일}(#{남은일수}일 남음). #{링크}", False),
    "inquiry_answered": (
        HEAD + "문의 답변 안내\n문의 #{접수번호}(#{제목})에 답변이 등록되었습니다.\n▶ 답변 보기: #{링크}",
        "[양재AI센터] 문의 #{접수번호}에 답변이 등록되었습니다. #{링크}", False),
    "center_news": (
        "(광고) " + HEAD + "\n#{이름}님, #{안내}\n▶ 자세히 보기: #{링크}\n"
        "수신거부: 포털 > 내 정보 > 광고성 메시지 동의 철회",
        "(광고)[양재AI센터] #{안내} #{링크} 무료수신거부: 포털 내 정보에서 동의 철회", True),
}


def seed(apps, schema_editor):
    model = apps.get_model("messaging", "MessageTemplate")
    for key, (text, sms_text, advertising) in TEMPLATES.items():
        model.objects.get_or_create(key=key, defaults={"text": text, "sms_text": sms_text,
                                                       "advertising": advertising})


def unseed(apps, schema_editor):
    apps.get_model("messaging", "MessageTemplate").objects.filter(
        key__in=list(TEMPLATES), deliveries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
