"""Popbill's account inquiry (EasyFinBank) on the local fake (tests/fakes/popbill.py), at the paths and
with the JSON the SDK's `EasyFinBankService` uses: `POST /EasyFin/Bank/BankAccount?AccountNumber=&BankCode=
&SDate=&EDate=` answers a job id (18 digits); `GET /EasyFin/Bank/{jobID}/State` its state (`jobState` 1
waiting, 2 running, 3 done; `errorCode` 1 on success); `GET /EasyFin/Bank/{jobID}?TradeType=&Page=
&PerPage=&Order=` a page of the lines (`tid`, `trdate`, `trserial`, `trdt`, `accIn`, `accOut`, `balance`,
`remark1`–`remark4`, `regDT`, `memo`) with `total`, `perPage`, `pageNum` and `pageCount`."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from tests.fakes.popbill import PopbillFake, Request

_jobs = itertools.count(1)


@dataclass
class EasyFinBankFake:
    fake: PopbillFake
    lines: list[dict] = field(default_factory=list)  # what the bank holds, oldest first
    polls_until_done: int = 1
    jobs: dict[str, dict] = field(default_factory=dict)

    def install(self) -> EasyFinBankFake:
        self.fake.route("POST", r"/EasyFin/Bank/BankAccount", self._request_job)
        self.fake.route("GET", r"/EasyFin/Bank/(?P<job>\d{18})/State", self._state)
        self.fake.route("GET", r"/EasyFin/Bank/(?P<job>\d{18})", self._search)
        return self

    @staticmethod
    def line(*, when: str, deposit: int = 0, withdrawal: int = 0, balance: int, depositor: str = "",
             remark2: str = "", remark3: str = "") -> dict:
        """A line as Popbill returns it; `when` as yyyyMMddHHmmss."""
        return {"tid": f"{when}{balance:012d}", "trdate": when[:8], "trserial": 1, "trdt": when,
                "accIn": str(deposit), "accOut": str(withdrawal), "balance": str(balance), "remark1": depositor,
                "remark2": remark2, "remark3": remark3, "remark4": "", "regDT": when, "memo": ""}

    def _request_job(self, request: Request):
        query = {k: v[0] for k, v in request.query.items()}
        if not {"AccountNumber", "BankCode", "SDate", "EDate"} <= query.keys():
            return 400, {"code": -99999999, "message": "missing parameters"}
        job_id = f"{query['SDate']}{next(_jobs):010d}"
        self.jobs[job_id] = {"query": query, "polls": 0}
        return 200, {"jobID": job_id}

    def _state(self, request: Request):
        job = self.jobs.get(request.match["job"])
        if job is None:
            return 404, {"code": -14000004, "message": "no such job"}
        job["polls"] += 1
        done = job["polls"] >= self.polls_until_done
        return 200, {"jobID": request.match["job"], "jobState": 3 if done else 2, "jobType": "1",
                     "errorCode": 1 if done else 0, "errorReason": "", "jobStartDT": "", "jobEndDT": "",
                     "regDT": ""}

    def _search(self, request: Request):
        job = self.jobs.get(request.match["job"])
        if job is None:
            return 404, {"code": -14000004, "message": "no such job"}
        start, end = job["query"]["SDate"], job["query"]["EDate"]
        lines = [line for line in self.lines if start <= line["trdate"] <= end]
        page = int(request.query.get("Page", ["1"])[0])
        per_page = int(request.query.get("PerPage", ["500"])[0])
        if request.query.get("Order", ["D"])[0] == "D":
            lines = list(reversed(lines))
        chunk = lines[(page - 1) * per_page: page * per_page]
        return 200, {"code": 1, "message": "", "total": len(lines), "perPage": per_page, "pageNum": page,
                     "pageCount": max(1, math.ceil(len(lines) / per_page)), "lastScrapDT": "", "list": chunk}
