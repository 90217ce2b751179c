// Package systemd is the little of systemd's service protocol the kiosk speaks, written
// here rather than pulled in: sd_notify datagrams (READY=1, WATCHDOG=1, STOPPING=1) to
// the socket in NOTIFY_SOCKET, the watchdog interval from WATCHDOG_USEC, a Watchdog that
// pings only while a heartbeat (the UI goroutine's round trip) answers, and whether
// stderr is connected to the journal (JOURNAL_STREAM), so that logs go out as JSON.
package systemd
