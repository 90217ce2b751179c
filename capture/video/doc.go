// Package video records the selfie clip: frames from a camera encoded to VP8 (libvpx via
// pion/mediadevices) in a WebM container (at-wat/ebml-go), for a set duration and under a
// byte cap. A camera lost mid-recording still yields a playable clip of what was
// recorded, with the error saying why it is short.
package video
