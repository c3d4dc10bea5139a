"""Run every benchmark: ``python -m benchmarks [--quick]``; tables on stdout, JSON in results/."""

from __future__ import annotations

import sys

from benchmarks import (
    bench_audit,
    bench_campaigns,
    bench_enrolment,
    bench_exam_peak,
    bench_jury,
    bench_positioning,
    bench_scoring,
    bench_store,
    bench_verification,
    bench_watermark,
)


def main(argv: list[str]) -> int:
    quick = ["--quick"] if "--quick" in argv else []
    codes = [
        bench_store.main(quick),
        bench_scoring.main(quick),
        bench_positioning.main(quick),
        bench_exam_peak.main(quick),
        bench_watermark.main(quick),
        bench_enrolment.main(quick),
        bench_jury.main(quick),
        bench_campaigns.main(quick),
        bench_verification.main(quick),
        bench_audit.main(quick),
    ]
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
