package device

import (
	"context"
	"errors"
	"math"
	"strconv"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// ErrNoFix means the position is not known: none configured, or the GPS has no fix yet.
// The x-location header is then left out, as the APIs allow.
var ErrNoFix = errors.New("device: position unknown (no fixed location configured and no GPS fix)")

// Position is a point in decimal degrees (WGS 84).
type Position struct {
	Lat, Lon float64
}

// Valid reports whether the position is within range and not the null island default.
func (p Position) Valid() bool {
	return !math.IsNaN(p.Lat) && !math.IsNaN(p.Lon) && p.Lat >= -90 && p.Lat <= 90 &&
		p.Lon >= -180 && p.Lon <= 180 && (p.Lat != 0 || p.Lon != 0)
}

// Header formats the position for x-location: "lat,lon" with six decimals (about 0.1 m).
func (p Position) Header() string {
	return strconv.FormatFloat(p.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(p.Lon, 'f', 6, 64)
}

// Locator tells where the device is.
type Locator interface {
	Position(ctx context.Context) (Position, error)
}

// Fixed is a Locator that always answers the same configured position.
type Fixed struct{ Pos Position }

// Position returns the configured position, or ErrNoFix when it is not valid.
func (f Fixed) Position(ctx context.Context) (Position, error) {
	if err := ctx.Err(); err != nil {
		return Position{}, err
	}
	if !f.Pos.Valid() {
		return Position{}, ErrNoFix
	}
	return f.Pos, nil
}

// LocatorFor returns the Locator the configuration asks for: gpsd when an address is
// set, the fixed position when one is, else a Locator that always says ErrNoFix.
func LocatorFor(c config.Location) Locator {
	if c.GPSD != "" {
		return NewGPSD(c.GPSD)
	}
	return Fixed{Pos: Position{Lat: c.Lat, Lon: c.Lon}}
}

var (
	_ Locator = Fixed{}
	_ Locator = (*GPSD)(nil)
)
