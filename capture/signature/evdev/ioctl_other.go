//go:build !linux

package evdev

import (
	"errors"
	"os"
)

var errNotLinux = errors.New("pen tablets are read through Linux evdev; this system is not Linux")

func absInfo(*os.File, uint16) (AbsInfo, error) { return AbsInfo{}, errNotLinux }

func deviceName(*os.File) (string, error) { return "", errNotLinux }
