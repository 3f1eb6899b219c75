"""Cost of a log line now that every value is checked for controls and escaped, beside baselines in the
same run: ``json.dumps`` of the same entry (what the JSON log wrote before ``json_text``) and the
standard library's ``logging.Formatter`` on the same record.

    python benchmarks/log_bench.py [--records N] [--repeat R]

The records are the daemon's busiest line, ``ingest.stored``, with plain values, and the same line with
a hostile Message-ID. Times are the process's CPU time, fastest of R runs.
"""

from __future__ import annotations

import argparse
import json
import logging
from functools import partial

from harness import best_cpu_s, figure

from bot.logs import FIELDS_ATTR, JsonFormatter, TextFormatter, fields
from bot.text import json_text

PLAIN_ID = "<CAH5x9Zq3pXy=example@mail.gmail.com>"
HOSTILE_ID = "<a\x1b[2J\x85event=forged@example.org>"


def _record(message_id: str) -> logging.LogRecord:
    record = logging.LogRecord("bot.ingest", logging.INFO, __file__, 1, "ingest.stored", None, None)
    values = fields(list="mmwg", message_id=message_id, source="imap:mmwg", created=1, changed=0)
    setattr(record, FIELDS_ATTR, values[FIELDS_ATTR])
    return record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    n, repeat = args.records, args.repeat

    stdlib = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    text, as_json = TextFormatter(), JsonFormatter()
    for label, message_id in (("plain", PLAIN_ID), ("hostile", HOSTILE_ID)):
        record = _record(message_id)
        entry = {"event": "ingest.stored", **getattr(record, FIELDS_ATTR)}
        records, entries = [record] * n, [entry] * n
        base = best_cpu_s(records, stdlib.format, repeat)
        timings = {
            "TextFormatter": best_cpu_s(records, text.format, repeat),
            "JsonFormatter": best_cpu_s(records, as_json.format, repeat),
        }
        dumps = best_cpu_s(entries, partial(json.dumps, ensure_ascii=False), repeat)
        escaped = best_cpu_s(entries, json_text, repeat)
        figure(f"{label} values, {n} records: logging.Formatter {base / n * 1e6:.2f} us/line")
        for name, spent in timings.items():
            figure(f"  {name}: {spent / n * 1e6:.2f} us/line, {spent / base:.2f}x logging.Formatter")
        per_line = f"{escaped / n * 1e6:.2f} us vs json.dumps {dumps / n * 1e6:.2f} us"
        figure(f"  json_text {per_line}: {escaped / dumps:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
