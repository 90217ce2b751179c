package mrz

// kind is what a run of positions may hold.
type kind int

const (
	alpha   kind = iota // letters and fillers: codes, names, sex
	numeric             // digits: dates and check digits
	alnum               // letters, digits and fillers: document number, optional data
)

// span is a run of characters on one line, [start, end).
type span struct{ line, start, end int }

// field is one named field of a layout.
type field struct {
	name string
	at   span
	kind kind
}

// check is one check digit: the field names it protects, the spans it covers in order,
// and where the digit is.
type check struct {
	name  string
	over  []span
	digit span
}

// layout describes one format.
type layout struct {
	fields []field
	checks []check
}

// The field names, as Check.Field and Correction.Field report them.
const (
	fDocumentCode   = "document code"
	fIssuingState   = "issuing state"
	fDocumentNumber = "document number"
	fOptional1      = "optional data 1"
	fOptional2      = "optional data 2"
	fBirthDate      = "birth date"
	fSex            = "sex"
	fExpiryDate     = "expiry date"
	fNationality    = "nationality"
	fNames          = "names"
	fComposite      = "composite"
	fCheckDigit     = "check digit"
)

var layouts = map[Format]layout{
	TD1: {
		fields: []field{
			{fDocumentCode, span{0, 0, 2}, alpha},
			{fIssuingState, span{0, 2, 5}, alpha},
			{fDocumentNumber, span{0, 5, 14}, alnum},
			{fOptional1, span{0, 15, 30}, alnum},
			{fBirthDate, span{1, 0, 6}, numeric},
			{fSex, span{1, 7, 8}, alpha},
			{fExpiryDate, span{1, 8, 14}, numeric},
			{fNationality, span{1, 15, 18}, alpha},
			{fOptional2, span{1, 18, 29}, alnum},
			{fNames, span{2, 0, 30}, alpha},
		},
		checks: []check{
			{fDocumentNumber, []span{{0, 5, 14}}, span{0, 14, 15}},
			{fBirthDate, []span{{1, 0, 6}}, span{1, 6, 7}},
			{fExpiryDate, []span{{1, 8, 14}}, span{1, 14, 15}},
			{fComposite, []span{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}}, span{1, 29, 30}},
		},
	},
	TD2: {
		fields: []field{
			{fDocumentCode, span{0, 0, 2}, alpha},
			{fIssuingState, span{0, 2, 5}, alpha},
			{fNames, span{0, 5, 36}, alpha},
			{fDocumentNumber, span{1, 0, 9}, alnum},
			{fNationality, span{1, 10, 13}, alpha},
			{fBirthDate, span{1, 13, 19}, numeric},
			{fSex, span{1, 20, 21}, alpha},
			{fExpiryDate, span{1, 21, 27}, numeric},
			{fOptional2, span{1, 28, 35}, alnum},
		},
		checks: []check{
			{fDocumentNumber, []span{{1, 0, 9}}, span{1, 9, 10}},
			{fBirthDate, []span{{1, 13, 19}}, span{1, 19, 20}},
			{fExpiryDate, []span{{1, 21, 27}}, span{1, 27, 28}},
			{fComposite, []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 35}}, span{1, 35, 36}},
		},
	},
	TD3: {
		fields: []field{
			{fDocumentCode, span{0, 0, 2}, alpha},
			{fIssuingState, span{0, 2, 5}, alpha},
			{fNames, span{0, 5, 44}, alpha},
			{fDocumentNumber, span{1, 0, 9}, alnum},
			{fNationality, span{1, 10, 13}, alpha},
			{fBirthDate, span{1, 13, 19}, numeric},
			{fSex, span{1, 20, 21}, alpha},
			{fExpiryDate, span{1, 21, 27}, numeric},
			{fOptional1, span{1, 28, 42}, alnum},
		},
		checks: []check{
			{fDocumentNumber, []span{{1, 0, 9}}, span{1, 9, 10}},
			{fBirthDate, []span{{1, 13, 19}}, span{1, 19, 20}},
			{fExpiryDate, []span{{1, 21, 27}}, span{1, 27, 28}},
			{fOptional1, []span{{1, 28, 42}}, span{1, 42, 43}},
			{fComposite, []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}}, span{1, 43, 44}},
		},
	},
}
