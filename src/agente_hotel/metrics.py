"""Prometheus metrics, named as the dashboards, alerts and canary analysis expect.

Label names matter: alert and canary expressions filter on `status=~"5.."`, so the HTTP
status label is `status`. `tests/` checks every expression in `deploy/` against what the
app exports.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)

PMS_REQUESTS = Counter(
    "pms_requests_total", "Calls to the PMS by operation and outcome", ["operation", "outcome"]
)
PMS_DURATION = Histogram(
    "pms_request_duration_seconds", "PMS call latency", ["operation"], buckets=LATENCY_BUCKETS
)
PMS_BREAKER_STATE = Gauge(
    "pms_circuit_breaker_state", "PMS circuit breaker: 0 closed, 1 open, 2 half-open"
)
PMS_CACHE_HITS = Counter("pms_cache_hits_total", "PMS reads served from the cache", ["kind"])
PMS_CACHE_MISSES = Counter("pms_cache_misses_total", "PMS reads not in the cache", ["kind"])

MESSAGES_RECEIVED = Counter(
    "messages_received_total",
    "Inbound guest messages by channel and outcome",
    ["channel", "outcome"],  # accepted | duplicate
)
EMAILS_SKIPPED = Counter(
    "emails_skipped_total",
    "Inbound e-mails left unanswered on purpose: bounces, auto-replies, lists, our own",
    ["reason"],
)
MESSAGES_SENT = Counter("messages_sent_total", "Replies delivered by channel", ["channel"])
MESSAGES_FAILED = Counter(
    "messages_failed_total", "Reply delivery attempts that failed", ["channel", "reason"]
)
INBOX_BACKLOG = Gauge("inbox_backlog", "Inbound messages waiting to be processed")
OUTBOX_BACKLOG = Gauge("outbox_backlog", "Replies waiting to be delivered")
CHANNEL_ALERTS = Counter(
    "channel_alerts_total",
    "Delivery problems staff were alerted to (expired token, window closed)",
    ["channel", "reason"],
)
DEAD_LETTERS = Gauge("dead_letters", "Replies that gave up after every retry, not yet replayed")

AGENT_TURN_DURATION = Histogram(
    "agent_turn_duration_seconds",
    "Time to understand and answer one guest message",
    buckets=LATENCY_BUCKETS,
)
AGENT_TURN_ERRORS = Counter(
    "agent_turn_errors_total",
    "Agent turns that raised instead of answering",
    ["outcome"],  # retry | gave_up
)
INTENTS = Counter("intents_total", "Guest messages by understood intent", ["intent"])
BOOKINGS = Counter("bookings_total", "Bookings made, changed and cancelled", ["action"])
HANDOFFS = Counter("handoffs_total", "Conversations handed to staff", ["reason"])
RATE_LIMITED = Counter("rate_limited_total", "Requests refused by a rate limit", ["scope"])
