package config

import "fmt"

// Location says where the device is, sent as the x-location header ("lat,lon").
type Location struct {
	// Lat and Lon are fixed coordinates in decimal degrees; both zero means unknown.
	Lat float64 `toml:"lat"`
	Lon float64 `toml:"lon"`
	// GPSD is the address of a gpsd daemon (host:port) to read the position from instead.
	GPSD string `toml:"gpsd"`
}

// Known reports whether a fixed position is configured.
func (l Location) Known() bool { return l.Lat != 0 || l.Lon != 0 }

func (l *Location) validate() error {
	if l.Lat < -90 || l.Lat > 90 {
		return fmt.Errorf("location.lat %v is out of range -90..90", l.Lat)
	}
	if l.Lon < -180 || l.Lon > 180 {
		return fmt.Errorf("location.lon %v is out of range -180..180", l.Lon)
	}
	return nil
}
