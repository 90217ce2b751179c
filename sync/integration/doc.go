// Package integration holds the sync tests that run the real worker, store and sandbox
// together on loopback: every fault the sandbox injects, a crash test that SIGKILLs the
// worker process while it delivers, a fleet of agents coming back online against a
// rate-limited backend, and the upload benchmarks against curl.
package integration
