package ui

import (
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/config"
)

// storeTimeout bounds one store call made from the UI.
const storeTimeout = 10 * time.Second

// documentOptions returns the document processing options of cfg.
func documentOptions(cfg config.Config) document.Options { return document.FromConfig(cfg.Document) }
