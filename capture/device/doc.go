// Package device describes this installation to the backends: the installation id, a
// fingerprint of the machine and its device key, and where the device is.
//
// The installation id and the Ed25519 device key are made once and kept by the store;
// this package only reads machine facts and derives the header values from them.
//
// # Fingerprint
//
// The x-fingerprint header is the lowercase hex SHA-256 of this canonical text (UTF-8,
// one "key=value" line each, in this order, every line ending in "\n"):
//
//	enrolkiosk-fingerprint-v1
//	machine_id=<contents of /etc/machine-id, else /var/lib/dbus/machine-id>
//	product_uuid=<DMI /sys/class/dmi/id/product_uuid when readable>
//	board=<DMI sys_vendor, product_name and board_name joined by "/">
//	cpu=<the first "model name" of /proc/cpuinfo>
//	os=<GOOS>/<GOARCH>
//	pubkey=<standard base64 of the 32-byte Ed25519 device public key>
//
// Facts that cannot be read are written empty, so a missing one never changes the value
// from run to run. The hostname, network addresses and MAC addresses are deliberately
// left out: they change with DHCP, docking stations, USB adapters and MAC randomisation.
// The device key makes two machines cloned from one disk image differ once each made
// its own key; the machine facts make a copied data directory differ on another
// machine. Nothing personal goes in, and the digest cannot be reversed into the facts.
package device
