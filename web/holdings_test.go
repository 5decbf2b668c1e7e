package web

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"ratewise/db/dbtest"
	"ratewise/offers"
)

func newHoldingsServer(t *testing.T) *Server {
	t.Helper()
	pool := dbtest.NewPool(t)
	return New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: offers.NewStore(pool)})
}

type holdingJSON struct {
	ID              int64   `json:"id"`
	Kind            string  `json:"kind"`
	ProductType     string  `json:"product_type"`
	Provider        string  `json:"provider"`
	Balance         string  `json:"balance"`
	APR             string  `json:"apr"`
	RemainingMonths int     `json:"remaining_months"`
	MonthlyPayment  *string `json:"monthly_payment"`
	Premium         *string `json:"premium"`
	Frequency       string  `json:"premium_frequency"`
}

func TestHoldingsCRUD(t *testing.T) {
	t.Parallel()
	s := newHoldingsServer(t)
	cl := newClient(t, s)
	if rec := cl.do("GET", "/api/v1/holdings", nil); rec.Code != 401 {
		t.Fatalf("signed out: %d, want 401", rec.Code)
	}
	signUp(t, cl, "ada@example.com")

	var list struct{ Holdings []holdingJSON }
	decode(t, cl.do("GET", "/api/v1/holdings", nil), 200, &list)
	if list.Holdings == nil || len(list.Holdings) != 0 {
		t.Fatalf("new account holdings = %#v, want []", list.Holdings)
	}

	var created struct{ Holding holdingJSON }
	decode(t, cl.do("POST", "/api/v1/holdings", `{"product_type":"auto_loan","provider":"First Bank","balance":"18000","apr":"9.9","remaining_months":48,"id":999}`), 201, &created)
	h := created.Holding
	if h.ID == 999 || h.Kind != "loan" || h.Balance != "18000.00" || h.APR != "9.90" || h.RemainingMonths != 48 {
		t.Errorf("created = %+v", h)
	}
	var ins struct{ Holding holdingJSON }
	decode(t, cl.do("POST", "/api/v1/holdings", `{"kind":"insurance","product_type":"auto_insurance","premium":"95","balance":"0","apr":"0"}`), 201, &ins)
	if ins.Holding.Frequency != "annual" || *ins.Holding.Premium != "95.00" {
		t.Errorf("insurance = %+v, want premium 95.00 paid annually by default", ins.Holding)
	}

	path := "/api/v1/holdings/" + strconv.FormatInt(h.ID, 10)
	var updated struct{ Holding holdingJSON }
	decode(t, cl.do("PATCH", path, `{"apr":"7.25","monthly_payment":"455.10"}`), 200, &updated)
	if updated.Holding.APR != "7.25" || updated.Holding.MonthlyPayment == nil || *updated.Holding.MonthlyPayment != "455.10" || updated.Holding.Balance != "18000.00" {
		t.Errorf("updated = %+v", updated.Holding)
	}

	// null removes an optional field; a required one cannot be removed.
	var cleared struct{ Holding holdingJSON }
	decode(t, cl.do("PATCH", path, `{"monthly_payment":null}`), 200, &cleared)
	if cleared.Holding.MonthlyPayment != nil || cleared.Holding.APR != "7.25" {
		t.Errorf("after clearing monthly_payment: %+v", cleared.Holding)
	}
	var bad struct {
		Error struct{ Field string }
	}
	decode(t, cl.do("PATCH", path, `{"balance":null}`), 400, &bad)
	if bad.Error.Field != "balance" {
		t.Errorf("clearing balance: error field %q, want balance", bad.Error.Field)
	}

	decode(t, cl.do("GET", "/api/v1/holdings", nil), 200, &list)
	if len(list.Holdings) != 2 || list.Holdings[0].APR != "7.25" {
		t.Errorf("list = %+v", list.Holdings)
	}
	if rec := cl.do("DELETE", path, nil); rec.Code != 204 {
		t.Fatalf("delete: %d", rec.Code)
	}
	if rec := cl.do("DELETE", path, nil); rec.Code != 404 {
		t.Errorf("delete twice: %d, want 404", rec.Code)
	}
	decode(t, cl.do("GET", "/api/v1/holdings", nil), 200, &list)
	if len(list.Holdings) != 1 {
		t.Errorf("after delete: %d holdings, want 1", len(list.Holdings))
	}
}

func TestHoldingsValidation(t *testing.T) {
	t.Parallel()
	s := newHoldingsServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	tests := []struct {
		name, body string
		wantStatus int
		wantField  string
		wantMsg    string // part of the message, when it matters
	}{
		{"body is an array", `[]`, 400, "", "The request body must be a JSON object."},
		{"renewal date that is not a date", `{"product_type":"home_insurance","premium":"95","renewal_date":"2027-02-30"}`, 400, "renewal_date", `Field "renewal_date" must be a date like 2027-03-01.`},
		{"renewal date as a number", `{"product_type":"home_insurance","premium":"95","renewal_date":20270301}`, 400, "renewal_date", `Field "renewal_date" must be a date like 2027-03-01.`},
		{"rate as a word", `{"product_type":"auto_loan","balance":"100","apr":"low","remaining_months":12}`, 400, "apr", `Field "apr" must be a percentage like "9.90".`},
		{"no product type", `{"balance":"100","apr":"5","remaining_months":12}`, 400, "product_type", ""},
		{"unknown product type", `{"product_type":"boat_loan","balance":"100","apr":"5","remaining_months":12}`, 400, "product_type", ""},
		{"negative balance", `{"product_type":"auto_loan","balance":"-5","apr":"5","remaining_months":12}`, 400, "balance", ""},
		{"balance not a number", `{"product_type":"auto_loan","balance":"lots","apr":"5","remaining_months":12}`, 400, "balance", ""},
		{"rate of 100 %", `{"product_type":"auto_loan","balance":"100","apr":"100","remaining_months":12}`, 400, "apr", ""},
		{"no payments left", `{"product_type":"auto_loan","balance":"100","apr":"5"}`, 400, "remaining_months", ""},
		{"months as text", `{"product_type":"auto_loan","balance":"100","apr":"5","remaining_months":"twelve"}`, 400, "remaining_months", ""},
		{"policy without premium", `{"product_type":"home_insurance"}`, 400, "premium", ""},
		{"kind that does not fit", `{"kind":"insurance","product_type":"auto_loan","balance":"100","apr":"5","remaining_months":12}`, 400, "kind", ""},
		{"card payment below interest", `{"product_type":"credit_card","balance":"5000","apr":"24","monthly_payment":"50"}`, 422, "monthly_payment", ""},
		{"loan payment that cannot repay", `{"product_type":"auto_loan","balance":"5000","apr":"9.90","remaining_months":48,"monthly_payment":"63.29"}`, 422, "monthly_payment", "the last payment would be"},
		{"loan payment below interest", `{"product_type":"mortgage","balance":"200000","apr":"6","remaining_months":300,"monthly_payment":"1000"}`, 422, "monthly_payment", "does not cover the monthly interest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := cl.do("POST", "/api/v1/holdings", tt.body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			e := errorOf(t, rec)
			if e.Field != tt.wantField {
				t.Errorf("field = %q, want %q (%s)", e.Field, tt.wantField, rec.Body.String())
			}
			if !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", e.Message, tt.wantMsg)
			}
		})
	}
	// The same words for an update.
	var created struct{ Holding holdingJSON }
	decode(t, cl.do("POST", "/api/v1/holdings", `{"product_type":"home_insurance","premium":"95"}`), 201, &created)
	rec := cl.do("PATCH", "/api/v1/holdings/"+strconv.FormatInt(created.Holding.ID, 10), `{"renewal_date":"next spring"}`)
	if e := errorOf(t, rec); rec.Code != 400 || e.Field != "renewal_date" || e.Message != `Field "renewal_date" must be a date like 2027-03-01.` {
		t.Errorf("PATCH with a bad date = %d %+v", rec.Code, e)
	}
}

// A consumer reaches only their own holdings: another person's id answers as if it did not exist.
func TestHoldingsArePrivate(t *testing.T) {
	t.Parallel()
	s := newHoldingsServer(t)
	ada, bob := newClient(t, s), newClient(t, s)
	signUp(t, ada, "ada@example.com")
	signUp(t, bob, "bob@example.com")
	var created struct{ Holding holdingJSON }
	decode(t, ada.do("POST", "/api/v1/holdings", `{"product_type":"personal_loan","balance":"5000","apr":"12","remaining_months":24}`), 201, &created)
	path := "/api/v1/holdings/" + strconv.FormatInt(created.Holding.ID, 10)

	for _, tt := range []struct{ method, path, body string }{
		{"PATCH", path, `{"apr":"1"}`},
		{"DELETE", path, ""},
		{"PATCH", "/api/v1/holdings/not-a-number", `{"apr":"1"}`},
		{"DELETE", "/api/v1/holdings/0", ""},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			var body any
			if tt.body != "" {
				body = tt.body
			}
			if rec := bob.do(tt.method, tt.path, body); rec.Code != 404 {
				t.Errorf("as someone else: %d, want 404", rec.Code)
			}
		})
	}
	var list struct{ Holdings []holdingJSON }
	decode(t, bob.do("GET", "/api/v1/holdings", nil), 200, &list)
	if len(list.Holdings) != 0 {
		t.Errorf("bob sees %d of ada's holdings", len(list.Holdings))
	}
	decode(t, ada.do("GET", "/api/v1/holdings", nil), 200, &list)
	if len(list.Holdings) != 1 || list.Holdings[0].APR != "12.00" {
		t.Errorf("ada's holding changed: %+v", list.Holdings)
	}
}

// The id, the owner and the times of a holding are the server's: a client that sends them
// (someone else's user_id, say) sets none of them.
func TestHoldingsServerFieldsAreNotTheClients(t *testing.T) {
	t.Parallel()
	s := newHoldingsServer(t)
	ada, bob := newClient(t, s), newClient(t, s)
	signUp(t, ada, "ada@example.com")
	b := signUp(t, bob, "bob@example.com")
	var created struct {
		Holding struct {
			holdingJSON
			UserID    int64  `json:"user_id"`
			CreatedAt string `json:"created_at"`
		}
	}
	body := fmt.Sprintf(`{"product_type":"personal_loan","balance":"5000","apr":"12","remaining_months":24,
		"id":424242,"user_id":%d,"created_at":"2001-01-01T00:00:00Z","updated_at":"2001-01-01T00:00:00Z"}`, b.ID)
	decode(t, ada.do("POST", "/api/v1/holdings", body), 201, &created)
	h := created.Holding
	if h.ID == 424242 || h.UserID == b.ID || strings.HasPrefix(h.CreatedAt, "2001") {
		t.Errorf("created %+v: the client set the id, the owner or the time", h)
	}
	var list struct{ Holdings []holdingJSON }
	decode(t, bob.do("GET", "/api/v1/holdings", nil), 200, &list)
	if len(list.Holdings) != 0 {
		t.Errorf("bob owns %d holdings he never made", len(list.Holdings))
	}
	decode(t, ada.do("GET", "/api/v1/holdings", nil), 200, &list)
	if len(list.Holdings) != 1 || list.Holdings[0].ID != h.ID {
		t.Errorf("ada's holdings %+v, want the one she made", list.Holdings)
	}
}

// The list comes a page at a time, oldest first: HoldingsPage by default, the next with
// ?after=next_after; a bad page parameter is a 400 naming it.
func TestHoldingsArePaginated(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	cfg := testConfig()
	cfg.HoldingsPage = 3
	s := New(cfg, Deps{Log: quietLog(), Pool: pool, Offers: offers.NewStore(pool)})
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	for i := 1; i <= 5; i++ {
		body := fmt.Sprintf(`{"product_type":"auto_loan","provider":"Bank %d","balance":"18000","apr":"9.9","remaining_months":48}`, i)
		decode(t, cl.do("POST", "/api/v1/holdings", body), 201, nil)
	}
	type page struct {
		Holdings  []holdingJSON
		More      bool
		NextAfter int64 `json:"next_after"`
	}
	providers := func(p page) string {
		var ps []string
		for _, h := range p.Holdings {
			ps = append(ps, h.Provider)
		}
		return strings.Join(ps, ",")
	}
	var first, second, small page
	decode(t, cl.do("GET", "/api/v1/holdings", nil), 200, &first)
	if providers(first) != "Bank 1,Bank 2,Bank 3" || !first.More || first.NextAfter != first.Holdings[2].ID {
		t.Fatalf("first page: %q more=%v next_after=%d", providers(first), first.More, first.NextAfter)
	}
	decode(t, cl.do("GET", "/api/v1/holdings?after="+strconv.FormatInt(first.NextAfter, 10), nil), 200, &second)
	if providers(second) != "Bank 4,Bank 5" || second.More || second.NextAfter != 0 {
		t.Errorf("second page: %q more=%v next_after=%d", providers(second), second.More, second.NextAfter)
	}
	decode(t, cl.do("GET", "/api/v1/holdings?limit=1", nil), 200, &small)
	if providers(small) != "Bank 1" || !small.More {
		t.Errorf("limit=1: %q more=%v", providers(small), small.More)
	}
	for _, q := range []string{"?limit=0", "?limit=4", "?limit=two", "?after=-1", "?after=x"} {
		rec := cl.do("GET", "/api/v1/holdings"+q, nil)
		if e := errorOf(t, rec); rec.Code != 400 || e.Field == "" {
			t.Errorf("GET %s: %d %+v, want 400 naming the parameter", q, rec.Code, e)
		}
	}
	if d := New(Config{}, Deps{}).cfg.HoldingsPage; d != 100 {
		t.Errorf("default HoldingsPage = %d, want 100", d)
	}
}
