"""The HTTP side of ``golive serve`` (Starlette): ``/metrics``, ``/healthz``, ``/readyz``,
``/result.json``. Every answer is built from the scheduler's last outcome, already masked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from collections.abc import Iterable

    from prometheus_client.metrics_core import Metric
    from starlette.requests import Request

    from golive.serve.scheduler import Scheduler

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


def serve_families(scheduler: Scheduler) -> Iterable[Metric]:
    """The last run's metrics plus the server's own counters."""
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

    from golive.report.prometheus import help_text, label_value

    profile = label_value(scheduler.label)
    runs = CounterMetricFamily(
        "golive_serve_runs", help_text("golive_serve_runs"), labels=["profile"]
    )
    runs.add_metric([profile], scheduler.runs)
    failures = CounterMetricFamily(
        "golive_serve_run_failures", help_text("golive_serve_run_failures"), labels=["profile"]
    )
    failures.add_metric([profile], scheduler.failures)
    failed = GaugeMetricFamily(
        "golive_serve_last_run_failed",
        help_text("golive_serve_last_run_failed"),
        labels=["profile"],
    )
    last = scheduler.last
    failed.add_metric([profile], float(last is not None and last.error is not None))
    return [*(last.families if last else ()), runs, failures, failed]


LAST_ATTEMPT = "Golive-Last-Attempt"
"""``/result.json``'s header: ``ok``, or ``failed`` when the latest run could not finish or
could not write its evidence (the body is then the last completed run's result)."""


def result_response(scheduler: Scheduler) -> Response:
    """The last completed run's ``result.json``; 503 only while no run has completed."""
    last, completed = scheduler.last, scheduler.completed
    attempt = "failed" if last is not None and last.error is not None else "ok"
    if completed is None or completed.result_json is None:
        body = {"error": "no_result", "detail": last.error if last else None}
        return JSONResponse(body, status_code=503, headers={LAST_ATTEMPT: attempt})
    return Response(
        completed.result_json, media_type="application/json", headers={LAST_ATTEMPT: attempt}
    )


def build_app(scheduler: Scheduler) -> Starlette:
    async def metrics(request: Request) -> Response:
        from golive.report.prometheus import render_metrics

        return Response(render_metrics(serve_families(scheduler)), media_type=PROMETHEUS_TEXT)

    async def healthz(request: Request) -> Response:
        body = {"status": "ok", "runs": scheduler.runs, "failures": scheduler.failures,
                "running": scheduler.running}  # fmt: skip
        return JSONResponse(body)

    async def readyz(request: Request) -> Response:
        readiness = scheduler.readiness()
        return JSONResponse(readiness.as_dict(), status_code=200 if readiness.ready else 503)

    async def result_json(request: Request) -> Response:
        return result_response(scheduler)

    routes = [
        Route("/metrics", metrics, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/result.json", result_json, methods=["GET"]),
    ]
    return Starlette(routes=routes)
