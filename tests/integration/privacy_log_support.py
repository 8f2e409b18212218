"""For the never-in-logs test (test_privacy_logs.py): the test consumers as they typed their
data, a real RQ worker in a subprocess, and the scan of everything that was printed or logged."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import unquote_plus

from django.conf import settings
from django.db import connection
from django.utils import timezone

BASE_DIR = Path(settings.BASE_DIR)
# Every logger of ours and Django's at DEBUG (third-party loggers keep their configured levels:
# settings.LOGGING caps those that print request URLs).
LOGGERS = ("", "django", "django.request", "django.server", "django.template", "config",
           "complaints", "service_net", "geo", "rq")


@dataclass(frozen=True)
class Consumer:
    name: str
    phone: str  # as typed on filing
    street: str  # the part of the address below the township: must never be printed
    county_address: str

    @property
    def address(self) -> str:
        return self.county_address + self.street

    @property
    def digits(self) -> str:
        return re.sub(r"\D", "", self.phone)[-11:]

    def phone_forms(self) -> list[str]:
        """The number in every way it was typed or could be printed."""
        d = self.digits
        spaced, dashed = f"{d[:3]} {d[3:7]} {d[7:]}", f"{d[:3]}-{d[3:7]}-{d[7:]}"
        return [d, self.phone, spaced, dashed, f"+86{d}", f"+86 {spaced}", f"0086{d}"]

    def secrets(self) -> list[str]:
        return [*self.phone_forms(), self.name, self.street]


ZHANG = Consumer("张小三", "+86 138-9351-2345", "文庙路12号", "甘肃省武威市凉州区东大街街道")
LI = Consumer("李秀英", "139 3518 7766", "北关巷7号", "甘肃省武威市凉州区西大街街道")
WANG = Consumer("王建国", "0086 13609351122", "南苑小区4栋2单元", "甘肃省武威市凉州区东大街街道")
CONSUMERS = (ZHANG, LI, WANG)


_WORD = r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?="
_MIME_WORDS = re.compile(rf"{_WORD}(?:\s+{_WORD})*")  # a folded header's words, decoded together


def readable(text: str) -> str:
    """The text and what it says once decoded as a URL (%E6%96%87…), JSON (\\u6587…) and MIME
    headers (=?utf-8?b?…?=) would say: a value printed encoded is printed all the same."""
    json_text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    mime = _MIME_WORDS.sub(lambda m: _mime(m.group(0)), text)
    return "\n".join((text, unquote_plus(text), json_text, mime))


def _mime(word: str) -> str:
    try:
        return str(make_header(decode_header(word)))
    except (ValueError, LookupError):
        return word


BUSINESS_ADDRESS = "甘肃省武威市凉州区东大街街道北关路1号"
SHOP = {"respondent_name": "凉州区某某家电商场",
        "respondent_address": "甘肃省武威市凉州区西大街街道南关路8号"}


def body(consumer: Consumer, **overrides) -> dict:
    """A complete API filing against 品牌甲 (ODR when its maker is enrolled) by `consumer`, whose
    words name their street and phone, with a real-name report naming them."""
    today = timezone.localdate()
    data = {"consumer_name": consumer.name, "consumer_phone": consumer.phone,
            "consumer_address": consumer.address, "brand": "品牌甲", "category": "refrigerator",
            "product_model": "BCD-218", "channel": "in_store", "proof": "invoice",
            "purchase_date": (today - timedelta(days=10)).isoformat(),
            "fault_date": (today - timedelta(days=3)).isoformat(),
            "respondent_name": "品牌甲售后服务中心", "respondent_address": BUSINESS_ADDRESS,
            "facts": f"冰箱不制冷，师傅上门到{consumer.street}，留了电话{consumer.phone}。",
            "request": "更换同型号冰箱", "repair_outlet_name": "品牌甲官方售后",
            "repair_outlet_phone": "400-888-1234",
            "report": {"kind": "fake_outlet", "real_name": True,
                       "facts": f"该号码自称品牌官方售后，收费很高，举报人{consumer.name}。"}}
    data.update(overrides)
    return data


def found_in(text: str) -> list[str]:
    text = readable(text)
    return sorted({s for c in CONSUMERS for s in c.secrets() if s and s in text})


def set_debug_levels(caplog) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)


def captured_records(caplog) -> str:
    """Every record as text: its formatted line with any traceback, its raw message and
    arguments, and what a handler could print of `extra` (the request line of django.request)."""
    lines = [caplog.text]
    for record in caplog.records:
        lines.append(f"{record.msg!s} {record.args!r}")
        request = getattr(record, "request", None)
        if request is not None:
            lines.append(f"{request.method} {request.get_full_path()}")
    return "\n".join(lines)


def database_url() -> str:
    """The test database, for a subprocess (the worker must see the rows the test committed)."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def process_env(**overrides: str) -> dict[str, str]:
    """A product process's environment: the test database and Redis, the test's evidence root."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL,
                "EVIDENCE_ROOT": str(settings.EVIDENCE_ROOT), "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "DEBUG", **overrides})
    return env


def run_worker(*, timeout: float = 240) -> subprocess.CompletedProcess:
    """`manage.py rqworker default low --burst` at DEBUG with the console SMS and e-mail
    backends, as in production (DEBUG off): runs every queued job, then exits."""
    env = process_env(DEBUG="0", SECRET_KEY="privacy-log-test-" + "x" * 40,
                      ALLOWED_HOSTS="127.0.0.1",
                      EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
                      SMS_BACKEND="complaints.notify.sms.ConsoleSmsBackend")
    return subprocess.run([sys.executable, "manage.py", "rqworker", "default", "low", "--burst",
                           "-v", "2"], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
