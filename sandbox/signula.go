package sandbox

import (
	"net/http"
	"strings"

	"github.com/pquerna/otp/totp"
)

// signulaOK is SIGNula's success envelope {success:true, message, data}.
func signulaOK(msg string, data any) map[string]any {
	return map[string]any{"success": true, "message": msg, "data": data}
}

func (s *Server) signulaRoutes() {
	s.mux.HandleFunc("POST /v1/auth/login", s.signulaLogin)
	s.mux.HandleFunc("POST /v1/auth/mfa/verify", s.signulaMFA)
	s.mux.HandleFunc("POST /v1/auth/refresh", s.signulaRefresh)
	s.mux.HandleFunc("POST /v1/auth/logout", s.signulaLogout)
	s.mux.HandleFunc("GET /v1/user/profile", s.signulaProfile)
}

// signulaError answers err in SIGNula's failure envelope.
func (s *Server) signulaError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.answerFor(r, "signula", err)
	var errs []fieldMsg
	if fe, ok := err.(*fieldError); ok {
		errs = []fieldMsg{{Field: fe.Field, Message: fe.Err.Error()}}
	}
	writeJSON(w, code, signulaFail(msg, errs))
}

// signulaFields returns a 400 listing the required fields that are empty, or nil.
func signulaFields(fields ...[2]string) error {
	var msgs []string
	for _, f := range fields {
		if strings.TrimSpace(f[1]) == "" {
			msgs = append(msgs, f[0])
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fieldErr(strings.Join(msgs, ", "), ErrMissing)
}

type loginBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) signulaLogin(w http.ResponseWriter, r *http.Request) {
	var b loginBody
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = readJSON(r, maxSmallBody, &b)
	}
	if err == nil {
		err = signulaFields([2]string{"email", b.Email}, [2]string{"password", b.Password})
	}
	var u User
	if err == nil {
		u, err = s.auth.login(b.Email, b.Password)
	}
	if err != nil {
		s.signulaError(w, r, err)
		return
	}
	if u.TOTPSecret != "" {
		tok, _ := s.auth.issue(u.Username, tokenMFA, 5*60e9)
		writeJSON(w, http.StatusOK, signulaOK("MFA verification required", map[string]any{
			"mfa_required": true, "mfa_token": tok, "mfa_methods": []string{"totp"}}))
		return
	}
	writeJSON(w, http.StatusOK, signulaOK("Login successful", s.session(u)))
}

// session issues an access and a refresh token for u.
func (s *Server) session(u User) map[string]any {
	access, c := s.auth.issue(u.Username, tokenAccess, s.auth.ttl)
	refresh, _ := s.auth.issue(u.Username, tokenRefresh, 24*s.auth.ttl)
	return map[string]any{"token": access, "refresh_token": refresh, "expires_at": c.Exp,
		"expires_in": int(s.auth.ttl.Seconds()), "user": userView(u)}
}

func userView(u User) map[string]any {
	return map[string]any{"userID": u.Username, "email": u.Email, "displayName": u.DisplayName, "role": u.Role,
		"mfa_enabled": u.TOTPSecret != ""}
}

type mfaBody struct {
	MFAToken string `json:"mfa_token"`
	Code     string `json:"code"`
}

var errBadMFACode = &httpError{Code: http.StatusUnauthorized, Msg: "Invalid MFA code: send the 6-digit TOTP code of the operator's authenticator"}

func (s *Server) signulaMFA(w http.ResponseWriter, r *http.Request) {
	var b mfaBody
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = readJSON(r, maxSmallBody, &b)
	}
	if err == nil {
		err = signulaFields([2]string{"mfa_token", b.MFAToken}, [2]string{"code", b.Code})
	}
	var u User
	if err == nil {
		u, err = s.checkMFA(b)
	}
	if err != nil {
		s.signulaError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, signulaOK("Login successful", s.session(u)))
}

func (s *Server) checkMFA(b mfaBody) (User, error) {
	c, err := s.auth.verify(b.MFAToken, tokenMFA)
	if err != nil {
		return User{}, err
	}
	u, ok := s.auth.user(c.Sub)
	if !ok || u.TOTPSecret == "" {
		return User{}, errBadToken
	}
	valid, err := totp.ValidateCustom(b.Code, u.TOTPSecret, s.opts.Now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: 6})
	if err != nil || !valid {
		return User{}, errBadMFACode
	}
	return u, nil
}

type refreshBody struct {
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) signulaRefresh(w http.ResponseWriter, r *http.Request) {
	var b refreshBody
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = readJSON(r, maxSmallBody, &b)
	}
	if err == nil {
		err = signulaFields([2]string{"refresh_token", b.RefreshToken})
	}
	var c claims
	if err == nil {
		c, err = s.auth.verify(b.RefreshToken, tokenRefresh)
	}
	u, ok := s.auth.user(c.Sub)
	if err == nil && !ok {
		err = errBadToken
	}
	if err != nil {
		s.signulaError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, signulaOK("Token refreshed", s.session(u)))
}

func (s *Server) signulaProfile(w http.ResponseWriter, r *http.Request) {
	err := s.auth.checkAPIKey(r)
	var u User
	if err == nil {
		u, _, err = s.auth.bearer(r)
	}
	if err != nil {
		s.signulaError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, signulaOK("Profile", userView(u)))
}

// signulaLogout revokes the bearer access token and, when sent, the refresh token.
func (s *Server) signulaLogout(w http.ResponseWriter, r *http.Request) {
	err := s.auth.checkAPIKey(r)
	var c claims
	if err == nil {
		_, c, err = s.auth.bearer(r)
	}
	var b refreshBody
	if err == nil && r.ContentLength != 0 {
		err = readJSON(r, maxSmallBody, &b)
	}
	jtis := []string{c.JTI}
	if err == nil && b.RefreshToken != "" {
		rc, rerr := s.auth.verify(b.RefreshToken, tokenRefresh)
		if rerr == nil && rc.Sub == c.Sub {
			jtis = append(jtis, rc.JTI)
		}
	}
	if err == nil {
		err = s.auth.revoke(r.Context(), jtis...)
	}
	if err != nil {
		s.signulaError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, signulaOK("Logged out", nil))
}
