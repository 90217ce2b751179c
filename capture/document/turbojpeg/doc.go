// Package turbojpeg is a small cgo binding to libjpeg-turbo's TurboJPEG API (Debian's
// libturbojpeg0-dev): the header, a decode scaled in the DCT domain (the shrink-on-load
// libvips uses) and an encode. It holds no state between calls; every C buffer it gets is
// freed before the call returns or by Encoder.Close.
package turbojpeg
