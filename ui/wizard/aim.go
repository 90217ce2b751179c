package wizard

// Subject is what a camera step points the camera at.
type Subject int

// The subjects of the camera steps.
const (
	// SubjectDocument is a side of the ID document (the ID front and rear steps).
	SubjectDocument Subject = iota + 1
	// SubjectFace is the customer's face (the selfie and its video).
	SubjectFace
)

// String names the subject (logs).
func (s Subject) String() string {
	switch s {
	case SubjectDocument:
		return "document"
	case SubjectFace:
		return "face"
	}
	return "unknown"
}

// Aimer is a Camera that is told what the step using it is about to show: demo mode's
// camera shows an ID card to the document steps and a face to the selfie step. A real
// camera need not implement it. Aim only records the subject (it does no I/O and may be
// called on the UI goroutine); the next Still, Record or preview opening shows it.
type Aimer interface {
	Aim(s Subject)
}

// aim tells the camera, when it listens, what the step shows next.
func (w *Wizard) aim(s Subject) {
	if a, ok := w.opts.Camera.(Aimer); ok {
		a.Aim(s)
	}
}
