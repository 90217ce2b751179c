package sandbox

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// raoToken is a One-Shot token: RAO credentials kept server-side under a random uid.
type raoToken struct {
	UID      string `json:"uid"`
	Username string `json:"username"`
	Password string `json:"password,omitempty"`
	PIN      string `json:"pin,omitempty"`
	Env      string `json:"env"`
}

// tokenRequest is the body of POST /api/v1/token (TokenObject).
type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	PIN      string `json:"pin"`
	Env      string `json:"env"`
}

const maxSmallBody = 1 << 20

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	err := readJSON(r, maxSmallBody, &req)
	if err == nil {
		err = missingParams([2]string{"username", req.Username}, [2]string{"env", req.Env})
	}
	if err == nil {
		err = checkEnv(req.Env)
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	u, ok := s.auth.user(req.Username)
	if !ok || (req.Password != "" && req.Password != u.Password) || (req.PIN != "" && req.PIN != u.PIN) {
		s.oneShotError(w, r, newHTTPError(http.StatusNotFound, "Error getting RAO's id. Make sure the credentials are correct."))
		return
	}
	tok := raoToken{UID: strings.ReplaceAll(uuid.NewString(), "-", ""), Username: req.Username,
		Password: req.Password, PIN: req.PIN, Env: req.Env}
	err = s.db.update(r.Context(), func(tx *bolt.Tx) error {
		dup := tx.Bucket([]byte(bktTokens)).ForEach(func(_, v []byte) error {
			var t raoToken
			if decodeJSON(v, &t) == nil && t.Username == tok.Username && t.Password == tok.Password && t.PIN == tok.PIN && t.Env == tok.Env {
				return newHTTPError(http.StatusBadRequest, "A token with these credentials already exist!")
			}
			return nil
		})
		if dup != nil {
			return dup
		}
		return txPut(tx, bktTokens, tok.UID, tok)
	})
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, tok.UID))
}

// checkEnv accepts the sandbox environment only.
func checkEnv(env string) error {
	switch env {
	case "sandbox":
		return nil
	case "prod":
		return newHTTPError(http.StatusBadRequest, "env prod is not served by this sandbox: send env sandbox")
	}
	return newHTTPError(http.StatusBadRequest, "env must be sandbox or prod, not %q", env)
}

// tokenView is how a token is shown: whether password and PIN are inside, never their values.
func tokenView(t raoToken) map[string]any {
	return map[string]any{"username": t.Username, "password": t.Password != "", "pin": t.PIN != ""}
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{}
	err := s.db.each(r.Context(), bktTokens, func(k, v []byte) error {
		var t raoToken
		if err := decodeJSON(v, &t); err != nil {
			return err
		}
		out[string(k)] = tokenView(t)
		return nil
	})
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, out))
}

func (s *Server) getToken(w http.ResponseWriter, r *http.Request) {
	var t raoToken
	if err := s.db.view(r.Context(), bktTokens, r.PathValue("uid"), &t); err != nil {
		s.oneShotError(w, r, tokenNotFound(err, r.PathValue("uid")))
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, tokenView(t)))
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("uid")
	err := s.db.update(r.Context(), func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bktTokens))
		if b.Get([]byte(uid)) == nil {
			return tokenNotFound(ErrNotFound, uid)
		}
		return b.Delete([]byte(uid))
	})
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Token deleted successfully"))
}

// noTokenUID answers GET or DELETE /api/v1/token/ without a uid.
func (s *Server) noTokenUID(w http.ResponseWriter, r *http.Request) {
	s.oneShotError(w, r, newHTTPError(http.StatusBadRequest, "Missing required parameter: no token uid specified"))
}

func tokenNotFound(err error, uid string) error {
	if errors.Is(err, ErrNotFound) {
		return newHTTPError(http.StatusNotFound, "Token %s not found", uid)
	}
	return err
}

// raoCredentials is the RAO part of an approve body (PlApproveReqObject).
type raoCredentials struct {
	Token    string `json:"token"`
	Username string `json:"username"`
	Password string `json:"password"`
	PIN      string `json:"pin"`
	RAO      string `json:"rao"`
}

// checkRAO verifies approve credentials: the vendor schema requires token, username,
// password and pin; they must match the token and a known RAO.
func (s *Server) checkRAO(r *http.Request, c raoCredentials) error {
	if c.Token == "" || c.Username == "" || c.Password == "" || c.PIN == "" {
		return newHTTPError(http.StatusBadRequest, "Missing required parameters: incomplete RAO's credentials")
	}
	var t raoToken
	if err := s.db.view(r.Context(), bktTokens, c.Token, &t); err != nil {
		if errors.Is(err, ErrNotFound) {
			return newHTTPError(http.StatusForbidden, "Invalid RAO credentials")
		}
		return err
	}
	u, ok := s.auth.user(c.Username)
	mismatch := func(inToken, given string) bool { return inToken != "" && inToken != given }
	if !ok || t.Username != c.Username || u.Password != c.Password || u.PIN != c.PIN ||
		mismatch(t.Password, c.Password) || mismatch(t.PIN, c.PIN) {
		return newHTTPError(http.StatusForbidden, "Invalid RAO credentials")
	}
	return nil
}
