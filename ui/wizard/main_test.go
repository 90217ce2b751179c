package wizard

import (
	"os"
	"testing"
	"time"
)

// TestMain pins the time zone so that the goldens show the same times everywhere.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}
