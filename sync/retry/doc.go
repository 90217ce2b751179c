// Package retry decides whether and when a failed backend request is tried again:
// exponential backoff with full jitter and a cap, the server's Retry-After and
// X-RateLimit-Reset headers obeyed (never retried sooner), and a classification of HTTP
// statuses and network errors into permanent, transient, rate-limited and auth failures.
package retry
