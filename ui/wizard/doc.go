// Package wizard is the enrolment wizard: one screen per step (applicant data, ID front,
// ID rear, selfie and video, terms and consent, the customer's signature, the operator's
// checklist, review), each validated before Next, with Back never losing what was entered.
// The draft is saved encrypted in the store after every step and offered back after a
// crash; sealing hands everything to the store in one transaction and shows the short id.
//
// Every method runs on the Fyne UI goroutine.
package wizard
