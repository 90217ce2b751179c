// Package endsession tells a program that the operating system is ending the user's
// session (log off, shut down, restart), where that arrives otherwise than as SIGTERM.
//
// On Windows a GUI program gets no console control event and no signal: Windows sends
// WM_QUERYENDSESSION and WM_ENDSESSION to every top-level window, and may end the process
// as soon as the window procedure has returned from WM_ENDSESSION. Watch creates a hidden
// top-level window for these messages, cancels the context when the session ends and
// holds WM_ENDSESSION until the program says it has shut down (or a grace period is
// over). Elsewhere Watch only derives a context: SIGTERM does the job there.
package endsession

import "time"

// Grace bounds how long WM_ENDSESSION is held while the program shuts down; Windows
// shows its "this app is preventing shutdown" screen after about five seconds.
const Grace = 5 * time.Second
