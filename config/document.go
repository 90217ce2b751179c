package config

import "fmt"

// Document holds the document image processing targets and quality thresholds.
type Document struct {
	// BudgetBytes caps each encoded document image.
	BudgetBytes int `toml:"budget_bytes"`
	// LongEdge is the target long edge of a document image in pixels.
	LongEdge int `toml:"long_edge"`
}

func defaultDocument() Document { return Document{BudgetBytes: 500_000, LongEdge: 2000} }

func (d *Document) validate() error {
	if d.BudgetBytes < 20_000 {
		return fmt.Errorf("document.budget_bytes %d is below 20000", d.BudgetBytes)
	}
	if d.LongEdge < 320 || d.LongEdge > 8000 {
		return fmt.Errorf("document.long_edge %d must be between 320 and 8000", d.LongEdge)
	}
	return nil
}
