package systemd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
)

// Notify states.
const (
	Ready    = "READY=1"
	Stopping = "STOPPING=1"
	Watchdog = "WATCHDOG=1"
)

// ErrNoSocket means no notify socket is set: the process is not a Type=notify service.
var ErrNoSocket = errors.New("NOTIFY_SOCKET is not set")

// Notifier sends state to systemd's notify socket.
type Notifier struct {
	// Socket is the socket's path; a leading '@' names an abstract socket.
	Socket string
}

// NotifierFromEnv returns the notifier of NOTIFY_SOCKET as getenv reads it; its Socket is
// empty (every Notify fails with ErrNoSocket) when the variable is unset.
func NotifierFromEnv(getenv func(string) string) Notifier {
	return Notifier{Socket: getenv("NOTIFY_SOCKET")}
}

// Enabled reports whether a notify socket is set.
func (n Notifier) Enabled() bool { return n.Socket != "" }

// Notify sends one datagram with state (lines such as "READY=1").
func (n Notifier) Notify(ctx context.Context, state string) error {
	if n.Socket == "" {
		return ErrNoSocket
	}
	addr := n.Socket
	if strings.HasPrefix(addr, "@") {
		addr = "\x00" + addr[1:]
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unixgram", addr)
	if err != nil {
		return fmt.Errorf("sd_notify %s: %w", n.Socket, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetWriteDeadline(dl)
	}
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("sd_notify %s: %w", n.Socket, err)
	}
	return nil
}
