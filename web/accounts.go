package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/argon2"

	"ratewise"
	"ratewise/offers"
)

// User is an account as the API shows it.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// Password rules. The length bounds are NIST SP 800-63B's; the upper one only stops
// someone from making us hash a megabyte.
const (
	minPasswordLen = 10
	maxPasswordLen = 256
)

// commonPasswords are refused even when long enough: they are the first ones any attacker
// tries. Lower case; the check folds case.
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`
		1234567890 0123456789 12345678910 123456789a 1234567890a 1q2w3e4r5t 1q2w3e4r5t6y
		qwertyuiop qwertyuiop1 qwerty1234 qwerty12345 qwerty123456 asdfghjkl1 asdfghjkl;
		zxcvbnm123 1qaz2wsx3edc qazwsxedc123 password1 password12 password123 password1234
		password12345 password! passw0rd123 p@ssw0rd123 p@ssword123 iloveyou123 iloveyou12
		letmein123 welcome123 welcome1234 changeme123 administrator admin12345 admin123456
		football123 baseball123 superman123 princess123 sunshine123 trustno1234 monkey12345
		dragon12345 abc1234567 abcd123456 abcdefghij 11111111111 1111111111 0000000000
		2222222222 5555555555 9876543210 987654321a aaaaaaaaaa qweasdzxc123 michael123
		jennifer123 starwars123 pokemon123 computer123 internet123 whatever123 freedom123
		master12345 shadow12345 secret1234 mypassword mypassword1 thisismypassword
		ratewise123 ratewise1234 loveyou1234 summer2024 summer2025 summer2026 winter2024
		winter2025 winter2026 spring2025 autumn2025 december2025 january2026 passwordpassword
		testtest123 test123456 testing123 1234qwerty 123qweasd zaq12wsxcde`) {
		commonPasswords[p] = true
	}
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func validateEmail(email string) error {
	if email == "" {
		return ratewise.Invalid("email", "Enter your email address.")
	}
	if len(email) > maxEmailLen || !emailPattern.MatchString(email) {
		return ratewise.Invalid("email", "Enter an email address like name@example.com.")
	}
	return nil
}

func validatePassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < minPasswordLen:
		return ratewise.Invalid("password", "Use at least %d characters for your password.", minPasswordLen)
	case n > maxPasswordLen:
		return ratewise.Invalid("password", "Use at most %d characters for your password.", maxPasswordLen)
	case commonPasswords[strings.ToLower(password)]:
		return ratewise.Invalid("password", "That password is one of the most common ones; choose another.")
	case strings.EqualFold(password, email):
		return ratewise.Invalid("password", "Your password must not be your email address.")
	}
	return nil
}

// PasswordHashing is the cost of the argon2id hash made of a new password: memory, passes
// over it and parallel lanes (the key is 32 bytes, the salt 16). Every hash carries the
// parameters it was made with, so changing them never locks anyone out: old hashes verify
// with their own.
type PasswordHashing struct {
	MemoryKiB uint32
	Passes    uint32
	Lanes     uint8
}

// DefaultPasswordHashing is OWASP's recommended minimum for argon2id: 19 MiB, 2 passes, 1 lane.
var DefaultPasswordHashing = PasswordHashing{MemoryKiB: 19 * 1024, Passes: 2, Lanes: 1}

// withDefaults fills the parameters left zero from DefaultPasswordHashing.
func (p PasswordHashing) withDefaults() PasswordHashing {
	if p.MemoryKiB == 0 {
		p.MemoryKiB = DefaultPasswordHashing.MemoryKiB
	}
	if p.Passes == 0 {
		p.Passes = DefaultPasswordHashing.Passes
	}
	if p.Lanes == 0 {
		p.Lanes = DefaultPasswordHashing.Lanes
	}
	return p
}

const argonKeyLen = 32

// hashing runs f, which computes one password hash, when one of the server's hash slots is
// free: argon2id's memory is the point of it, and a burst of sign-ins must not multiply it
// without bound. A request that waits HashWait for a slot is told to come back.
func (s *Server) hashing(ctx context.Context, f func() error) error {
	t := time.NewTimer(s.cfg.HashWait)
	defer t.Stop()
	select {
	case s.hashSlots <- struct{}{}:
	case <-t.C:
		secs := max(1, int(s.cfg.HashWait.Seconds()))
		return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.EUNAVAILABLE,
			"Many people are signing in right now. Please try again in a few seconds.")}
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.hashSlots }()
	return f()
}

// hashPassword returns a PHC-format argon2id hash with a random salt.
func hashPassword(password string, p PasswordHashing) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Passes, p.MemoryKiB, p.Lanes, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Passes, p.Lanes,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword reports whether password matches a hash made by hashPassword. The parameters
// are read from the hash, so raising them later keeps old hashes working.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 || t > 16 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// newDummyHash returns the hash checked against when the email is unknown, made once with the
// server's parameters, so a wrong email takes as long as a wrong password and response times
// do not reveal who has an account.
func newDummyHash(p PasswordHashing) func() string {
	return sync.OnceValue(func() string {
		h, _ := hashPassword("not a real password, only for timing", p)
		return h
	})
}

type signupRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

func (r *signupRequest) Validate() error {
	r.Email = strings.TrimSpace(r.Email)
	r.Name = strings.TrimSpace(r.Name)
	if err := validateEmail(r.Email); err != nil {
		return err
	}
	if err := validatePassword(r.Password, r.Email); err != nil {
		return err
	}
	if utf8.RuneCountInString(r.Name) > 100 || !utf8.ValidString(r.Name) {
		return ratewise.Invalid("name", "Use at most 100 characters for your name.")
	}
	return nil
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// maxEmailLen is the longest email address there can be (RFC 5321's path limit).
const maxEmailLen = 254

func (r *loginRequest) Validate() error {
	r.Email = strings.TrimSpace(r.Email)
	if r.Email == "" {
		return ratewise.Invalid("email", "Enter your email address.")
	}
	if len(r.Email) > maxEmailLen {
		// No account has such an address (signup refuses it), and it is never a throttle key.
		return ratewise.Invalid("email", "Use at most %d characters for your email address.", maxEmailLen)
	}
	if r.Password == "" {
		return ratewise.Invalid("password", "Enter your password.")
	}
	if len(r.Password) > 4*maxPasswordLen {
		return ratewise.Invalid("password", "Use at most %d characters for your password.", maxPasswordLen)
	}
	return nil
}

func (s *Server) accountRoutes() {
	if s.pool == nil {
		return
	}
	s.echo.POST("/api/v1/auth/signup", s.signup)
	s.echo.POST("/api/v1/auth/login", s.login)
	s.echo.POST("/api/v1/auth/logout", s.logout)
	s.echo.GET("/api/v1/me", s.me, requireUser)
	if s.deps.Offers != nil {
		// The saved comparison profile is offers'.
		s.echo.GET("/api/v1/me/profile", s.profile, requireUser)
		s.echo.PUT("/api/v1/me/profile", s.putProfile, requireUser)
	}
}

func (s *Server) signup(c echo.Context) error {
	var req signupRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.sessions.reserveSignup(ctx, s.clientIP(c.Request()), s.cfg.SignupsPerAddress); err != nil {
		return err
	}
	var hash string
	err := s.hashing(ctx, func() (err error) {
		hash, err = hashPassword(req.Password, s.cfg.PasswordHashing)
		return err
	})
	if err != nil {
		return err
	}
	u, err := s.users.create(ctx, req.Email, req.Name, RoleConsumer, hash)
	if err != nil {
		return err
	}
	if err := s.startSession(c, u.ID); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]User{"user": u})
}

func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	ip := s.clientIP(c.Request())
	if err := s.sessions.reserve(ctx, req.Email, ip); err != nil {
		return err
	}
	u, hash, err := s.users.credentials(ctx, req.Email)
	if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
		hash = s.dummyHash()
		u = User{}
	} else if err != nil {
		return err
	}
	var ok bool
	if err := s.hashing(ctx, func() error { ok = checkPassword(hash, req.Password); return nil }); err != nil {
		return err
	}
	if !ok || u.ID == 0 {
		// The attempt was charged before the check (reserve).
		return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "The email or password is not right.")
	}
	if err := s.sessions.succeeded(ctx, req.Email, ip); err != nil {
		return err
	}
	if err := s.sessions.sweep(ctx); err != nil {
		return err
	}
	if err := s.startSession(c, u.ID); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]User{"user": u})
}

// startSession ends the session the request came with, if any, and starts a new one: a
// token planted before sign-in is never the one that becomes signed in.
func (s *Server) startSession(c echo.Context, userID int64) error {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.sessions.delete(ctx, ck.Value); err != nil {
			return err
		}
		s.endStreams(ck.Value)
	}
	token, expires, err := s.sessions.create(ctx, userID, c.Request().UserAgent())
	if err != nil {
		return err
	}
	setSessionCookie(c, token, expires)
	return nil
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.sessions.delete(c.Request().Context(), ck.Value); err != nil {
			return err
		}
		s.endStreams(ck.Value)
	}
	clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error {
	id, _ := currentUserID(c)
	u, err := s.users.ByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]User{"user": u})
}

// Profile is the saved comparison profile (SavedProfile in web/openapi.json) as it goes over the
// wire: absent fields are null, amounts are strings with two decimals. offers owns the profile
// and its rules.
type Profile struct {
	CreditScore         *int    `json:"credit_score"`
	AnnualIncome        *string `json:"annual_income"`
	Region              *string `json:"region"`
	MonthlyDebtPayments *string `json:"monthly_debt_payments"`
}

var moneyPattern = regexp.MustCompile(`^[0-9]{1,12}(\.[0-9]{1,2})?$`)

// Validate checks what the wire form adds: amounts written as plain decimals. The values'
// rules (score range, region) are offers.SavedProfile's.
func (p *Profile) Validate() error {
	for _, f := range []struct {
		name string
		v    *string
	}{{"annual_income", p.AnnualIncome}, {"monthly_debt_payments", p.MonthlyDebtPayments}} {
		if f.v != nil && !moneyPattern.MatchString(strings.TrimSpace(*f.v)) {
			return ratewise.Invalid(f.name, "Give %s as an amount like \"52000.00\" (no sign, at most 2 decimals).", strings.ReplaceAll(f.name, "_", " "))
		}
	}
	return nil
}

// saved is the profile to store; Validate has passed.
func (p *Profile) saved() offers.SavedProfile {
	money := func(s *string) *offers.Money {
		if s == nil {
			return nil
		}
		m := offers.MustMoney(strings.TrimSpace(*s))
		return &m
	}
	sp := offers.SavedProfile{CreditScore: p.CreditScore, AnnualIncome: money(p.AnnualIncome), MonthlyDebtPayments: money(p.MonthlyDebtPayments)}
	if p.Region != nil {
		sp.Region = *p.Region
	}
	return sp
}

func profileOf(sp offers.SavedProfile) Profile {
	text := func(m *offers.Money) *string {
		if m == nil {
			return nil
		}
		s := m.String()
		return &s
	}
	p := Profile{CreditScore: sp.CreditScore, AnnualIncome: text(sp.AnnualIncome), MonthlyDebtPayments: text(sp.MonthlyDebtPayments)}
	if sp.Region != "" {
		p.Region = &sp.Region
	}
	return p
}

func (s *Server) profile(c echo.Context) error {
	id, _ := currentUserID(c)
	sp, err := s.deps.Offers.Profile(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]Profile{"profile": profileOf(sp)})
}

// putProfile replaces the saved profile: a field left out or null is cleared.
func (s *Server) putProfile(c echo.Context) error {
	var p Profile
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	id, _ := currentUserID(c)
	saved, err := s.deps.Offers.SaveProfile(c.Request().Context(), id, p.saved())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]Profile{"profile": profileOf(saved)})
}
