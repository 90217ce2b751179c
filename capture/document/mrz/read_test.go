package mrz_test

import (
	"context"
	"errors"
	"image"
	"slices"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz/mrztest"
)

var specimen = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}

func TestReadSpecimenCard(t *testing.T) {
	f, rd := loadFont(t), newReader(t)
	img := render(t, f, mrztest.Options{Lines: specimen, Width: 1000, Rotate: 2, InPhoto: true})
	got, err := rd.Read(context.Background(), img, evalRef)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Result.Lines, specimen) || got.Result.Surname != "ERIKSSON" || got.UpsideDown {
		t.Fatalf("%+v", got)
	}
	// The zone's outline lies in the lower part of the card, inside the picture.
	b := img.Bounds()
	for _, p := range got.Zone {
		if !p.In(b) || p.Y < b.Dy()/2 {
			t.Errorf("zone corner %v outside the lower half of %v", p, b)
		}
	}
}

func TestReadUpsideDown(t *testing.T) {
	f, rd := loadFont(t), newReader(t)
	img := imaging.Rotate180(render(t, f, mrztest.Options{Lines: specimen, Width: 900}))
	got, err := rd.Read(context.Background(), img, evalRef)
	if err != nil || !got.UpsideDown || !slices.Equal(got.Result.Lines, specimen) {
		t.Fatalf("%v %+v", err, got)
	}
}

// TestReadNoZone: a card front without a zone, a blank picture and an empty one are
// "not found", never a reading.
func TestReadNoZone(t *testing.T) {
	f, rd := loadFont(t), newReader(t)
	for name, img := range map[string]image.Image{
		"front": render(t, f, mrztest.Options{Width: 1000, InPhoto: true}),
		"blank": image.NewGray(image.Rect(0, 0, 640, 480)),
		"empty": image.NewGray(image.Rectangle{}),
	} {
		got, err := rd.Read(context.Background(), img, evalRef)
		if !errors.Is(err, mrz.ErrNotFound) || got != nil {
			t.Errorf("%s: %v %+v", name, err, got)
		}
	}
}

func TestReadCancelled(t *testing.T) {
	f, rd := loadFont(t), newReader(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := rd.Read(ctx, render(t, f, mrztest.Options{Lines: specimen, Width: 700}), evalRef); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func TestNewReaderNoFont(t *testing.T) {
	if _, err := mrz.NewReader("/nonexistent/OCRB.otf"); !errors.Is(err, mrz.ErrNoFont) {
		t.Fatal(err)
	}
}
