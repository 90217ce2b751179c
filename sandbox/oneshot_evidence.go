package sandbox

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Evidence limits.
const (
	maxEvidenceBody  = 64 << 20
	maxEvidenceImage = 10 << 20
)

// evidencesBody is the body of POST /api/v1/videoid/{pk}/evidences (UploadData_VID).
type evidencesBody struct {
	Acceptance  *acceptance  `json:"acceptance"`
	VideoIDData *videoIDData `json:"videoid_data"`
}

type acceptance struct {
	Description   string `json:"description"`
	PrivacyPolicy string `json:"url-doc-privacypolicy"`
	IP            string `json:"ip"`
	WebVideoID    string `json:"url-web-videoid"`
	UserAgent     string `json:"user-agent"`
	Date          string `json:"date"`
	Terms         string `json:"url-doc-termsconditions"`
}

type videoIDData struct {
	Images          *evidenceImages `json:"images"`
	OCRData         *ocrData        `json:"ocr_data"`
	SecurityChecks  map[string]bool `json:"security_checks"`
	SimilarityLevel *int            `json:"similarity_level"`
}

type evidenceImages struct {
	DocumentFront string `json:"document_front"`
	DocumentRear  string `json:"document_rear"`
	DocumentPhoto string `json:"document_photo"`
	DocumentOwner string `json:"document_owner"`
}

// ocrData is the applicant data read from (or typed for) the ID document.
type ocrData struct {
	GivenName         string `json:"given_name"`
	Surname1          string `json:"surname_1"`
	Surname2          string `json:"surname_2"`
	MobilePhoneNumber string `json:"mobile_phone_number"`
	Email             string `json:"email"`
	SerialNumber      string `json:"serial_number"`
	IDDocumentType    string `json:"id_document_type"`
	IDDocumentCountry string `json:"id_document_country"`
}

// requiredImages are the images a complete evidence set has.
var requiredImages = []string{"document_front", "document_rear", "document_owner"}

// decoded is a validated evidences body: its images decoded, what is missing, what failed.
type decoded struct {
	body     evidencesBody
	images   map[string][]byte
	missing  []string
	failures []string
}

func (b evidencesBody) validate(im *imageCache) (*decoded, error) {
	v := b.VideoIDData
	if v == nil {
		return nil, newHTTPError(http.StatusBadRequest, "Missing required parameters: videoid_data")
	}
	if o := v.OCRData; o != nil {
		if err := missingParams([2]string{"videoid_data.ocr_data.given_name", o.GivenName},
			[2]string{"videoid_data.ocr_data.surname_1", o.Surname1},
			[2]string{"videoid_data.ocr_data.serial_number", o.SerialNumber}); err != nil {
			return nil, err
		}
		if t := o.IDDocumentType; t != "" && !slices.Contains([]string{"IDC", "PAS", "PNO", "TIN"}, t) {
			return nil, fieldErr("videoid_data.ocr_data.id_document_type", fmt.Errorf("must be IDC, PAS, PNO or TIN, not %q", t))
		}
	}
	if l := v.SimilarityLevel; l != nil && (*l < 0 || *l > 100) {
		return nil, fieldErr("videoid_data.similarity_level", fmt.Errorf("must be within 0..100, not %d", *l))
	}
	d := &decoded{body: b, images: map[string][]byte{}}
	if err := d.decodeImages(im); err != nil {
		return nil, err
	}
	d.findGaps()
	return d, nil
}

func (d *decoded) decodeImages(im *imageCache) error {
	imgs := d.body.VideoIDData.Images
	if imgs == nil {
		return nil
	}
	for name, s := range map[string]string{"document_front": imgs.DocumentFront, "document_rear": imgs.DocumentRear,
		"document_photo": imgs.DocumentPhoto, "document_owner": imgs.DocumentOwner} {
		if s == "" {
			continue
		}
		b, err := im.decode("videoid_data.images."+name, s, maxEvidenceImage)
		if err != nil {
			return err
		}
		d.images[name] = b
	}
	return nil
}

// findGaps lists the evidence a complete set still lacks and the failed security checks.
func (d *decoded) findGaps() {
	for _, name := range requiredImages {
		if d.images[name] == nil {
			d.missing = append(d.missing, "videoid_data.images."+name)
		}
	}
	if d.body.VideoIDData.OCRData == nil {
		d.missing = append(d.missing, "videoid_data.ocr_data")
	}
	if d.body.Acceptance == nil {
		d.missing = append(d.missing, "acceptance")
	}
	for name, ok := range d.body.VideoIDData.SecurityChecks {
		if !ok {
			d.failures = append(d.failures, name)
		}
	}
	sort.Strings(d.failures)
}

func (s *Server) uploadEvidences(w http.ResponseWriter, r *http.Request) {
	var body evidencesBody
	var d *decoded
	err := readJSON(r, maxEvidenceBody, &body)
	if err == nil {
		d, err = body.validate(s.images)
	}
	if err == nil {
		_, err = s.updateOneShot(r, func(tx *bolt.Tx, q *oneShotRequest) error { return s.applyEvidences(tx, q, d) })
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Videoid evidences uploaded"))
}

func (s *Server) applyEvidences(tx *bolt.Tx, q *oneShotRequest, d *decoded) error {
	if err := notChangeable(q); err != nil {
		return err
	}
	q.Steps["evidences"]++
	q.OCR, q.Acceptance = d.body.VideoIDData.OCRData, d.body.Acceptance != nil
	q.Missing, q.ChecksFailed = d.missing, d.failures
	q.Images = map[string]int{}
	for name, b := range d.images {
		q.Images[name] = len(b)
		if err := txBlob(tx, "oneshot/"+pkKey(q.PK), name, b); err != nil {
			return err
		}
	}
	s.markComplete(q)
	return nil
}

// markComplete starts the processing clock once evidences are complete and a video is in.
func (s *Server) markComplete(q *oneShotRequest) {
	if len(q.Missing) == 0 && q.Video != nil && q.Steps["evidences"] > 0 && q.CompleteAt.IsZero() {
		q.CompleteAt = s.opts.Now()
	}
	if len(q.Missing) > 0 {
		q.CompleteAt = time.Time{}
	}
}

func (s *Server) uploadVideo(w http.ResponseWriter, r *http.Request) {
	video, err := readVideoPart(r)
	var format string
	if err == nil {
		format, err = checkVideo("video", video)
	}
	if err == nil {
		_, err = s.updateOneShot(r, func(tx *bolt.Tx, q *oneShotRequest) error {
			if err := notChangeable(q); err != nil {
				return err
			}
			q.Steps["video"]++
			q.Video = &videoInfo{Format: format, Bytes: len(video), At: s.opts.Now()}
			s.markComplete(q)
			return txBlob(tx, "oneshot/"+pkKey(q.PK), "video", video)
		})
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Videoid video upload completed"))
}

// readVideoPart returns the "video" file of a multipart/form-data body.
func readVideoPart(r *http.Request) ([]byte, error) {
	parts, err := readParts(r, map[string]int64{"video": maxVideoBytes}, "video")
	return parts["video"], err
}

// readParts returns the multipart/form-data parts named in limits, each at most its
// limit; every name in required must be present and non-empty. Other parts are skipped.
func readParts(r *http.Request, limits map[string]int64, required ...string) (map[string][]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, newHTTPError(http.StatusUnsupportedMediaType, "Content-Type must be multipart/form-data with parts %s", strings.Join(required, ", "))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, newHTTPError(http.StatusBadRequest, "malformed multipart body: %v", err)
	}
	out := map[string][]byte{}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, newHTTPError(http.StatusBadRequest, "malformed multipart body: %v", err)
		}
		max, ok := limits[p.FormName()]
		if !ok {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p, max+1))
		if err != nil {
			return nil, fmt.Errorf("read part %s: %w", p.FormName(), err)
		}
		if int64(len(b)) > max {
			return nil, fieldErr(p.FormName(), fmt.Errorf("%w: limit %d bytes", ErrTooLarge, max))
		}
		out[p.FormName()] = b
	}
	var miss []string
	for _, name := range required {
		if len(out[name]) == 0 {
			miss = append(miss, name)
		}
	}
	if len(miss) > 0 {
		return nil, newHTTPError(http.StatusBadRequest, "Missing required parameters: %s", strings.Join(miss, ", "))
	}
	return out, nil
}
