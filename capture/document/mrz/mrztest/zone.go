package mrztest

import (
	"math/rand/v2"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
)

var (
	surnames = []string{"GARCIA", "MARTINEZ", "LOPEZ", "ERIKSSON", "DE LA CRUZ", "OKONKWO", "ZHANG", "VAN DER BERG",
		"HERNANDEZ GUTIERREZ", "SOUSA", "QUINTERO", "BJORKLUND", "MULLER", "FITZGERALD", "IBANEZ", "XU", "WOJCIK", "YILMAZ"}
	givens = []string{"ANNA MARIA", "JOSE", "PETER JOHN", "MARIA DEL CARMEN", "LUIS", "OLUWASEUN", "WEI", "JUAN PABLO",
		"KATHARINA", "ZOE", "BEATRIZ", "QUENTIN", "VIKTOR", "HELGA", "IGNACIO", "YUKI", "XAVIER", "FERNANDO JAVIER"}
	states = []string{"UTO", "ESP", "FRA", "MEX", "D", "NLD", "ITA", "PRT", "GBR", "ZAF"}
)

const (
	digits  = "0123456789"
	letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func randomOf(r *rand.Rand, set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	return string(b)
}

func pad(s string, n int) string {
	s = strings.ReplaceAll(s, " ", "<")
	if len(s) >= n {
		return s[:n]
	}
	return s + strings.Repeat("<", n-len(s))
}

func date(r *rand.Rand, yearLo, yearHi int) string {
	y := yearLo + r.IntN(yearHi-yearLo+1)
	return pad2(y%100) + pad2(1+r.IntN(12)) + pad2(1+r.IntN(28))
}

func pad2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func cd(s string) string { return string(mrz.CheckDigit(s)) }

// Zone returns a random valid zone of format f: random names (some long enough to be
// truncated), a nine-character document number of letters and digits, dates and
// optional data, with every check digit computed.
func Zone(r *rand.Rand, f mrz.Format) []string {
	names := pad(pick(r, surnames)+"<<"+pick(r, givens), 44)
	if r.IntN(4) == 0 {
		names = pad(pick(r, surnames)+"<"+pick(r, surnames)+"<<"+pick(r, givens)+"<"+pick(r, givens), 44)
	}
	num := randomOf(r, letters, 3) + randomOf(r, digits, 6)
	if r.IntN(2) == 0 {
		num = randomOf(r, digits+letters, 9)
	}
	state, nat := pad(pick(r, states), 3), pad(pick(r, states), 3)
	birth, expiry := date(r, 1940, 2008), date(r, 2020, 2039)
	sex := []string{"M", "F", "<"}[r.IntN(3)]
	switch f {
	case mrz.TD1:
		opt1 := pad(randomOf(r, digits+letters, r.IntN(15)), 15)
		opt2 := pad(randomOf(r, digits, r.IntN(11)), 11)
		l1 := "I" + pad([]string{"", "D", "<"}[r.IntN(3)], 1) + state + num + cd(num) + opt1
		l2 := birth + cd(birth) + sex + expiry + cd(expiry) + nat + opt2
		l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
		return []string{l1, l2, names[:30]}
	case mrz.TD2:
		opt := pad(randomOf(r, digits, r.IntN(7)), 7)
		l1 := "I<" + state + names[:31]
		l2 := num + cd(num) + nat + birth + cd(birth) + sex + expiry + cd(expiry) + opt
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:35])
		return []string{l1, l2}
	default:
		pers := pad(randomOf(r, digits+letters, r.IntN(14)), 14)
		pcd := cd(pers)
		if strings.Trim(pers, "<") == "" && r.IntN(2) == 0 {
			pcd = "<"
		}
		l1 := "P<" + state + names[:39]
		l2 := num + cd(num) + nat + birth + cd(birth) + sex + expiry + cd(expiry) + pers + pcd
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
		return []string{l1, l2}
	}
}
