package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
)

// bindAll is a request with every kind of field the API decodes.
type bindAll struct {
	Name    string          `json:"name"`
	Count   int             `json:"count"`
	Limit   *int            `json:"limit"`
	Share   float64         `json:"share"`
	On      bool            `json:"on"`
	Tags    []string        `json:"tags"`
	Inner   struct{ A int } `json:"inner"`
	Balance offers.Money    `json:"balance"`
	APR     *offers.Percent `json:"apr"`
	Renewal *offers.Date    `json:"renewal_date"`
	At      time.Time       `json:"at"`
	Exact   decimal.Decimal `json:"exact"`
}

func TestBindJSONSaysWhatIsWrongInWords(t *testing.T) {
	t.Parallel()
	e := echo.New()
	tests := []struct {
		name      string
		body      string
		wantField string
		wantMsg   string
	}{
		{"an array for the body", `[]`, "", "The request body must be a JSON object."},
		{"a string for the body", `"hello"`, "", "The request body must be a JSON object."},
		{"a number for the body", `5`, "", "The request body must be a JSON object."},
		{"text for a whole number", `{"count":"three"}`, "count", `Field "count" must be a whole number, not a JSON string.`},
		{"a fraction for a whole number", `{"count":1.5}`, "count", `Field "count" must be a whole number, not a JSON number 1.5.`},
		{"text for a pointer to a whole number", `{"limit":"x"}`, "limit", `Field "limit" must be a whole number, not a JSON string.`},
		{"text for a number", `{"share":"half"}`, "share", `Field "share" must be a number, not a JSON string.`},
		{"a number for a string", `{"name":5}`, "name", `Field "name" must be a string, not a JSON number.`},
		{"text for true or false", `{"on":"yes"}`, "on", `Field "on" must be true or false, not a JSON string.`},
		{"text for an array", `{"tags":"a,b"}`, "tags", `Field "tags" must be an array, not a JSON string.`},
		{"a number for an object", `{"inner":5}`, "inner", `Field "inner" must be an object, not a JSON number.`},
		{"inside an object", `{"inner":{"A":"x"}}`, "inner.A", `Field "inner.A" must be a whole number, not a JSON string.`},
		{"an amount that is not a number", `{"balance":"lots"}`, "balance", `Field "balance" must be an amount like "15000.00".`},
		{"an amount as true", `{"balance":true}`, "balance", `Field "balance" must be an amount like "15000.00", not a JSON bool.`},
		{"a rate that is not a number", `{"apr":"low"}`, "apr", `Field "apr" must be a percentage like "9.90".`},
		{"a date that does not exist", `{"renewal_date":"2027-02-30"}`, "renewal_date", `Field "renewal_date" must be a date like 2027-03-01.`},
		{"a date as a number", `{"renewal_date":20270301}`, "renewal_date", `Field "renewal_date" must be a date like 2027-03-01.`},
		{"a time that is not a time", `{"at":"tomorrow"}`, "", "A date and time in the request body is not valid; write it like 2027-03-01T09:00:00Z."},
		{"a decimal that is not a number", `{"exact":"lots"}`, "", "A value in the request body is not in the form expected."},
		{"cut short", `{"name":"x"`, "", "The request body is not valid JSON (it ends too early)."},
		{"two values", `{} {}`, "", "The request body holds more than one JSON value."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			var v bindAll
			err := bindJSON(e.NewContext(req, httptest.NewRecorder()), &v)
			if err == nil {
				t.Fatal("bindJSON accepted it")
			}
			if code := ratewise.ErrorCode(err); code != ratewise.EINVALID {
				t.Errorf("code = %s, want %s", code, ratewise.EINVALID)
			}
			if got := ratewise.ErrorField(err); got != tt.wantField {
				t.Errorf("field = %q, want %q", got, tt.wantField)
			}
			if got := ratewise.ErrorMessage(err); got != tt.wantMsg {
				t.Errorf("message = %q\nwant      %q", got, tt.wantMsg)
			}
		})
	}
}

func TestBindJSONAcceptsTheDocumentedForms(t *testing.T) {
	t.Parallel()
	e := echo.New()
	body := `{"name":"x","count":3,"limit":null,"share":0.5,"on":true,"tags":["a"],"balance":15000,"apr":"9.9","renewal_date":"2027-03-01","at":"2027-03-01T09:00:00Z","exact":"1.25"}`
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	var v bindAll
	if err := bindJSON(e.NewContext(req, httptest.NewRecorder()), &v); err != nil {
		t.Fatal(err)
	}
	if v.Balance.String() != "15000.00" || v.APR.String() != "9.90" || v.Renewal.Format(time.DateOnly) != "2027-03-01" {
		t.Errorf("decoded %+v", v)
	}
}
