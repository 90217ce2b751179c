// Package plot draws a review chart of a signature: pressure and pen speed over time,
// with pen-up periods shaded, so that a reviewer sees the rhythm of the hand at a glance.
package plot
