package stu

import "errors"

// nullConn answers the capability report only and reads nothing.
type nullConn struct{ cap Capability }

func (c *nullConn) ReadReport([]byte) (int, error) { return 0, errors.New("no reports") }
func (c *nullConn) SetFeature([]byte) error        { return nil }
func (c *nullConn) GetFeature(b []byte) (int, error) {
	if b[0] != ReportCapability {
		return 0, errors.New("broken pipe")
	}
	return copy(b, AppendCapability(nil, c.cap)), nil
}
func (c *nullConn) Close() error { return nil }
