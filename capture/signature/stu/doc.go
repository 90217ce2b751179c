// Package stu drives Wacom STU signature pads (STU-430, 530, 540 and their siblings)
// over Linux hidraw, in pure Go. The kernel's wacom driver does not bind these pads, so
// they never appear as evdev tablets; their own HID protocol is spoken here instead:
// feature reports to read the pad's capability and information and to drive its screen
// (an image of the signing box, the customer's name and the statement they sign, ink
// while signing, clear), and input reports carrying the pen at the pad's own rate.
//
// Every pen report becomes one signature.Sample, in the pad's units. With the writing
// mode that adds time and sequence (report 0x34) the sample times are the pad's own
// clock and a gap in the sequence numbers is counted in Decoder.Dropped, never hidden.
//
// The protocol as implemented (every report, its bytes and units) is written down in
// docs/signature.md. The report codec, the Decoder and the screen encoders are portable
// and tested with recorded streams and a fake device (package stutest); opening a real
// pad needs Linux and read-write access to its /dev/hidrawN node (the udev rule in
// assets/udev gives it to the kiosk user).
package stu
