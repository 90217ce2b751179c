package democamera

import (
	"bytes"
	"context"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// TestSceneIsAGoodDocumentPicture: the demo camera's picture passes every quality check
// of the document steps, so a first demo run needs no "Use it anyway".
func TestSceneIsAGoodDocumentPicture(t *testing.T) {
	img, err := Scene()
	if err != nil {
		t.Fatal(err)
	}
	res, err := document.ProcessImage(context.Background(), img, document.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Measures {
		t.Logf("%s: %v (ok %v)", m.Name, m.Value, m.OK)
	}
	if !res.OK {
		t.Fatalf("the demo card fails the quality checks: %+v", res.Measures)
	}
	a, err := JPEG()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := JPEG()
	if !bytes.Equal(a, b) {
		t.Error("the scene is not deterministic")
	}
}
