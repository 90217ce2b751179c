// Package api is the HTTP layer every backend profile uses: one resty client per base
// URL that adds the device headers, the Idempotency-Key, the User-Agent and the
// credentials to every request, sends streamed bodies with an exact Content-Length,
// retries transient failures with backoff (never sooner than the server asks), breaks
// the circuit to a failing host, refreshes credentials once on 401, and turns every
// outcome into an error an operator can act on. Plain http is refused except to
// loopback; an optional pinned CA bundle replaces the system roots. Nothing it logs
// carries a secret or evidence: only methods, paths, statuses, sizes and durations.
package api
