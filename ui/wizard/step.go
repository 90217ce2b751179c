package wizard

import "fyne.io/fyne/v2"

// step is one screen of the wizard.
type step interface {
	// title names the step in the wizard's header.
	title() string
	// object is the step's content.
	object() fyne.CanvasObject
	// show fills the widgets from the draft (after Back, a resume or a clean start).
	show(d *Draft)
	// keep copies what the widgets hold into the draft, valid or not: Back and the
	// inactivity lock must never lose input.
	keep(d *Draft)
	// check validates the step's part of the draft; nil lets Next go on.
	check(d *Draft) error
}

// leaver is a step that holds something while on screen (a live camera) and lets go of
// it when the wizard moves away.
type leaver interface{ leave() }
