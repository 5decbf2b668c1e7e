package web

import (
	"bytes"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/labstack/echo/v4"

	"ratewise"
)

// Whatever body arrives, bindJSON never panics and either binds or refuses with
// invalid_argument (too_large past the limit); a bound request holds no NUL. Seeds below and
// in testdata/fuzz/FuzzBindJSON; `go test -run '^$' -fuzz FuzzBindJSON ./web/` runs it
// longer (docs/fuzzing.md).
func FuzzBindJSON(f *testing.F) {
	for _, s := range []string{
		`{"email":"ada@example.com","password":"correct horse battery","name":"Ada"}`,
		`{"product_type":"auto_loan","provider":"First Bank","balance":"18000","apr":"9.9","remaining_months":48}`,
		`{"email":"a\u0000@x.com"}`, `{"balance":12}`, `[]`, `{"a":1}{"b":2}`, `{"remaining_months":"x"}`, "\xff\xfe", `{"provider":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	e := echo.New()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, v := range []any{&signupRequest{}, &loginRequest{}, &holdingRequest{}} {
			req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			c := e.NewContext(req, httptest.NewRecorder())
			err := bindJSON(c, v)
			if err != nil {
				if code := ratewise.ErrorCode(err); code != ratewise.EINVALID && code != ratewise.ETOOLARGE {
					t.Fatalf("%T refused with %s: %v", v, code, err)
				}
				continue
			}
			if field, ok := findNUL(reflect.ValueOf(v), ""); ok {
				t.Fatalf("%T bound with a NUL in %s", v, field)
			}
		}
	})
}
