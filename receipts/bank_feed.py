"""The account-inquiry feed: the lessor's bank transactions fetched through Popbill's EasyFinBank service
(계좌조회), behind this small interface so the rest of collections sees only `Row`s.

Popbill collects a period on request (`requestJob`), reports the job's state (`getJobState`: 1 waiting,
2 running, 3 done, with `errorCode` 1 on success) and pages the result (`search`, at most 1,000 per page):
each line has `tid`, `trdt` (yyyyMMddHHmmss), `accIn`, `accOut`, `balance` and `remark1`–`remark4`
(the depositor's name is in remark1; a virtual account's number, where the bank gives it, in another).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from portal.providers.popbill import popbill_configured, popbill_service

from .statements import Row, digits, fingerprint, parse_when

logger = logging.getLogger(__name__)
PER_PAGE = 1000


class BankFeedError(Exception):
    """The provider refused or did not finish; the task retries later."""


@dataclass(frozen=True)
class FeedAccount:
    bank_code: str
    number: str


def feed_accounts() -> list[FeedAccount]:
    """`RECEIPTS_POPBILL_ACCOUNTS`: "bank code:account number" pairs, comma-separated (e.g. "0004:1234567890")."""
    accounts = []
    for item in settings.RECEIPTS_POPBILL_ACCOUNTS:
        code, _sep, number = item.partition(":")
        if code.strip() and digits(number):
            accounts.append(FeedAccount(code.strip(), digits(number)))
    return accounts


def feed_configured() -> bool:
    return popbill_configured() and bool(feed_accounts())


def _amount(value) -> int:
    return int(str(value or "0").replace(",", "") or 0)


def fetch_rows(*, account: FeedAccount, start: dt.date, end: dt.date, known_virtual_accounts: set[str],
               sleep=time.sleep) -> list[Row]:
    """The account's transactions from `start` to `end` (inclusive), oldest first."""
    from popbill import EasyFinBankService, PopbillException

    service = popbill_service(EasyFinBankService)
    corp = settings.POPBILL_CORP_NUM
    try:
        job_id = service.requestJob(corp, account.bank_code, account.number, f"{start:%Y%m%d}", f"{end:%Y%m%d}")
        for attempt in range(settings.RECEIPTS_POPBILL_POLLS):
            state = service.getJobState(corp, job_id)
            if int(state.jobState) == 3:
                break
            sleep(min(2 ** attempt, 10))
        else:
            raise BankFeedError(f"Popbill job {job_id} did not finish")
        if int(getattr(state, "errorCode", 1)) != 1:
            raise BankFeedError(f"Popbill job {job_id}: {getattr(state, 'errorReason', '')}")
        rows, page = [], 1
        while True:
            result = service.search(corp, job_id, ["I", "O"], "", page, PER_PAGE, "A")
            for line in result.list or []:
                remarks = [str(getattr(line, f"remark{i}", "") or "") for i in range(1, 5)]
                virtual = next((digits(r) for r in remarks if digits(r) in known_virtual_accounts), "")
                when = parse_when(line.trdt, None, line=len(rows) + 1)
                row = Row(line=len(rows) + 1, occurred_at=when, deposit=_amount(line.accIn),
                          withdrawal=_amount(line.accOut), balance=_amount(line.balance),
                          depositor_name=remarks[0][:100], description=" ".join(r for r in remarks[1:] if r)[:200],
                          virtual_account_number=virtual, bank_reference=str(line.tid or "")[:64])
                row.fingerprint = fingerprint(account_number=account.number, occurred_at=when, deposit=row.deposit,
                                              withdrawal=row.withdrawal, balance=row.balance)
                rows.append(row)
            if page >= int(result.pageCount or 1):
                break
            page += 1
    except PopbillException as error:
        raise BankFeedError(f"Popbill {error.code}: {error.message}") from error
    return rows


def feed_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.RECEIPTS_POPBILL_DAYS), today
