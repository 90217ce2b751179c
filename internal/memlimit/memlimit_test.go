package memlimit

import (
	"runtime/debug"
	"testing"
)

func TestApplySetsTheDefault(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	if got := Apply(); got != Default {
		t.Fatalf("Apply = %d, want %d", got, Default)
	}
	if got := debug.SetMemoryLimit(-1); got != Default {
		t.Fatalf("the runtime's limit is %d after Apply, want %d", got, Default)
	}
}

func TestApplyKeepsTheOperatorsLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 30) // what the runtime read from GOMEMLIMIT at start
	if got := Apply(); got != 1<<30 {
		t.Fatalf("Apply = %d with GOMEMLIMIT=1GiB, want the operator's 1 GiB kept", got)
	}
}
