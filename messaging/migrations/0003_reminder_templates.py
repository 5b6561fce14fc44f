"""The KakaoTalk templates of outreach's reminders (a draft before the call closes, an evaluator's assignment and
scoring deadline, an indicator report due or overdue), as drafts to submit to Kakao (docs/messaging.md)."""

from django.db import migrations, models

HEAD = "[양재 AI 우수기업센터] "
TEMPLATES = {
    "draft_deadline": (
        HEAD + "신청서 제출 안내\n공고 #{공고번호}에 작성 중인 신청서가 아직 제출되지 않았습니다.\n"
        "접수 마감: #{마감일시}\n남은 기간: #{남은일수}일\n마감 후에는 제출할 수 없습니다.\n▶ 제출하기: #{링크}",
        "[양재AI센터] 공고 #{공고번호} 신청서 미제출, 마감 #{마감일시}, #{남은일수}일 남음. #{링크}"),
    "evaluator_assigned": (
        HEAD + "평가위원 배정 안내\n공고 #{공고번호}의 평가위원으로 배정되었습니다.\n평가: #{평가단계}\n"
        "채점 기한: #{채점기한}\n▶ 평가하기: #{링크}",
        "[양재AI센터] 공고 #{공고번호} 평가위원 배정: #{평가단계}, 채점기한 #{채점기한}. #{링크}"),
    "scoring_deadline": (
        HEAD + "채점 기한 안내\n공고 #{공고번호}의 채점 기한이 다가옵니다.\n평가: #{평가단계}\n"
        "채점 기한: #{채점기한}\n남은 기간: #{남은일수}일\n제출하지 않은 평가표: #{미제출건수}건\n▶ 평가하기: #{링크}",
        "[양재AI센터] 공고 #{공고번호} 채점기한 #{채점기한}, 미제출 평가표 #{미제출건수}건. #{링크}"),
    "indicator_due": (
        HEAD + "성과지표 제출 안내\n#{회사명}의 성과지표를 제출해 주세요.\n보고 기간: #{보고기간}\n"
        "제출 기한: #{제출기한}\n▶ 제출하기: #{링크}",
        "[양재AI센터] #{회사명} #{보고기간} 성과지표 제출기한 #{제출기한}. #{링크}"),
    "indicator_overdue": (
        HEAD + "성과지표 미제출 안내\n#{회사명}의 성과지표가 제출 기한이 지나도록 제출되지 않았습니다.\n"
        "보고 기간: #{보고기간}\n제출 기한: #{제출기한}\n지금 제출해 주세요.\n▶ 제출하기: #{링크}",
        "[양재AI센터] #{회사명} #{보고기간} 성과지표 미제출(기한 #{제출기한}). #{링크}"),
}


def seed(apps, schema_editor):
    model = apps.get_model("messaging", "MessageTemplate")
    for key, (text, sms_text) in TEMPLATES.items():
        model.objects.get_or_create(key=key, defaults={"text": text, "sms_text": sms_text})


def unseed(apps, schema_editor):
    apps.get_model("messaging", "MessageTemplate").objects.filter(
        key__in=list(TEMPLATES), deliveries__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("messaging", "0002_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name='messagetemplate',
            name='key',
            field=models.CharField(choices=[('offer_deadline', 'Unit offer and its answer deadline'), ('presentation_slot', 'Presentation slot'), ('invoice_due', 'Invoice due soon'), ('invoice_overdue', 'Invoice overdue'), ('relocation_deadline', 'Head-office relocation deadline'), ('stay_expiry', "Foreign employee's stay ends soon"), ('inquiry_answered', 'Inquiry answered'), ('draft_deadline', 'Application still a draft before the call closes'), ('evaluator_assigned', 'Evaluator assigned, with the scoring deadline'), ('scoring_deadline', 'Scoring deadline near with scorecards unsubmitted'), ('indicator_due', 'Indicator report due'), ('indicator_overdue', 'Indicator report overdue'), ('center_news', "News of the center's programmes (advertising)")], max_length=40, unique=True, verbose_name='message'),
        ),
        migrations.RunPython(seed, unseed),
    ]
