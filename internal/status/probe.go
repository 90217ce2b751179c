package status

import (
	"context"
	"net/http"

	"github.com/enrolkiosk/enrolkiosk/internal/reach"
)

// URLProber probes a backend base URL with an HTTP GET.
type URLProber struct {
	URL    string
	Client *http.Client
}

var _ Prober = (*URLProber)(nil)

// Probe implements Prober: any HTTP answer means the backend is reachable.
func (p *URLProber) Probe(ctx context.Context) error {
	_, err := reach.Probe(ctx, p.Client, p.URL)
	return err
}
