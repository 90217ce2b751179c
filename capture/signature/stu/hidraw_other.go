//go:build !linux

package stu

import "errors"

var errNotLinux = errors.New("Wacom STU pads are read through Linux hidraw; this system is not Linux")

type hidraw struct{ Conn }

func openHidraw(string) (*hidraw, error) { return nil, errNotLinux }

func (*hidraw) rawInfo() (uint16, uint16, string, string, error) { return 0, 0, "", "", errNotLinux }
