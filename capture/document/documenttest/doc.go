// Package documenttest makes camera-like test pictures of identity documents for the
// document pipeline's tests and benchmarks: natural texture (several octaves of noise,
// lighting gradients, sensor grain), a card with print-like edges, encoded the way a
// camera does. Everything is deterministic in its seed.
package documenttest
