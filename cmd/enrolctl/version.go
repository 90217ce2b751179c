package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
)

func versionCommand() command {
	return command{
		name:    "version",
		summary: "print the version",
		run: func(_ context.Context, e *env, _ []string) error {
			fmt.Fprintf(e.stdout, "enrolctl %s (%s, %s/%s)\n", buildinfo.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
