package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/offers"
)

// newOffersServer serves a clone of a template holding the demo catalogue.
func newOffersServer(t *testing.T) *Server {
	t.Helper()
	pool := dbtest.NewSeededPool(t, dbtest.Seed{
		Name: "web-offers",
		Key:  dbtest.SourceKey(t, "offers"),
		Fill: func(ctx context.Context, dsn string) error {
			pool, err := db.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer pool.Close()
			_, err = offers.NewStore(pool).SeedDemo(ctx)
			return err
		},
	})
	return New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: offers.NewStore(pool)})
}

func TestCalcLoan(t *testing.T) {
	t.Parallel()
	s := newOffersServer(t)
	tests := []struct {
		name   string
		body   string
		status int
		field  string
		want   map[string]string
	}{
		{"worked check", `{"principal":"10000","annual_rate":"9","term_months":36,"upfront_fees":"300"}`, 200, "",
			map[string]string{"monthly_payment": "318.00", "apr": "11.09", "aprc": "11.68", "total_interest": "1447.88", "total_paid": "11447.88"}},
		{"no fees: apr is the rate", `{"principal":"5000.00","annual_rate":"12.00","term_months":36}`, 200, "",
			map[string]string{"monthly_payment": "166.07", "apr": "12.00"}},
		{"zero rate", `{"principal":"1200","annual_rate":"0","term_months":12}`, 200, "",
			map[string]string{"monthly_payment": "100.00", "total_interest": "0.00", "apr": "0.00"}},
		{"negative principal", `{"principal":"-5","annual_rate":"9","term_months":36}`, 400, "principal", nil},
		{"zero principal", `{"principal":"0","annual_rate":"9","term_months":36}`, 400, "principal", nil},
		{"zero term", `{"principal":"1000","annual_rate":"9","term_months":0}`, 400, "term_months", nil},
		{"rate 100", `{"principal":"1000","annual_rate":"100","term_months":12}`, 400, "annual_rate", nil},
		{"non-numeric", `{"principal":"ten thousand","annual_rate":"9","term_months":12}`, 400, "principal", nil},
		{"term as string", `{"principal":"1000","annual_rate":"9","term_months":"12"}`, 400, "term_months", nil},
		{"missing rate", `{"principal":"1000","term_months":12}`, 400, "annual_rate", nil},
		{"fee equals principal", `{"principal":"1000","annual_rate":"9","term_months":12,"upfront_fees":"1000"}`, 422, "upfront_fees", nil},
		{"fee above principal", `{"principal":"1000","annual_rate":"9","term_months":12,"upfront_fees":"1500.00"}`, 422, "upfront_fees", nil},
		// A payment that rounds to 0.00 is no loan, with or without a fee.
		{"payment rounds to zero", `{"principal":"0.01","annual_rate":"9","term_months":480}`, 422, "principal", nil},
		{"payment rounds to zero, fee", `{"principal":"0.01","annual_rate":"9","term_months":480,"upfront_fees":"0.001"}`, 422, "principal", nil},
		{"smallest payment", `{"principal":"4.80","annual_rate":"0","term_months":480}`, 200, "",
			map[string]string{"monthly_payment": "0.01", "total_paid": "4.80"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, eb := do(t, s, http.MethodPost, "/api/v1/calc/loan", tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status >= 400 {
				if eb.Error.Field != tt.field {
					t.Errorf("field %q, want %q (%s)", eb.Error.Field, tt.field, eb.Error.Message)
				}
				return
			}
			var got map[string]any
			json.Unmarshal(rec.Body.Bytes(), &got)
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %v, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestOffersEndpoints(t *testing.T) {
	t.Parallel()
	s := newOffersServer(t)
	rec, _ := do(t, s, http.MethodGet, "/api/v1/offers?product_type=mortgage&region=US-CA&limit=3", "")
	if rec.Code != 200 {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
	var list struct {
		Offers []map[string]any `json:"offers"`
	}
	json.Unmarshal(rec.Body.Bytes(), &list)
	if len(list.Offers) != 3 {
		t.Fatalf("%d offers, want 3", len(list.Offers))
	}
	o := list.Offers[0]
	for _, k := range []string{"id", "partner", "product_type", "name", "currency", "regions", "representative_apr", "apr_min", "apr_max", "terms_months", "origination_fee", "amount_min", "amount_max", "description", "url"} {
		if _, ok := o[k]; !ok {
			t.Errorf("offer lacks %q: %v", k, o)
		}
	}
	if _, ok := o["id"].(float64); !ok {
		t.Errorf("id %v is not a JSON number", o["id"])
	}
	if apr, _ := o["representative_apr"].(string); len(apr) < 4 || apr[len(apr)-3] != '.' {
		t.Errorf("representative_apr %v is not a 2-decimal string", o["representative_apr"])
	}
	if o["currency"] != "USD" || o["product_type"] != "mortgage" {
		t.Errorf("offer %v for a US-CA mortgage query", o)
	}
	id := int64(o["id"].(float64))
	rec, _ = do(t, s, http.MethodGet, fmt.Sprintf("/api/v1/offers/%d", id), "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"partner":{"id":`) {
		t.Errorf("get offer: %d %s", rec.Code, rec.Body)
	}
	for _, tt := range []struct {
		path   string
		status int
		field  string
	}{
		{"/api/v1/offers?product_type=yacht_loan", 400, "product_type"},
		{"/api/v1/offers?region=california", 400, "region"},
		{"/api/v1/offers?region=zz", 400, "region"},
		{"/api/v1/offers?region=XA-CA", 400, "region"},
		{"/api/v1/offers?limit=0", 400, "limit"},
		{"/api/v1/offers?limit=ten", 400, "limit"},
		{"/api/v1/offers/abc", 400, "id"},
		{"/api/v1/offers/99999999", 404, ""},
	} {
		t.Run(tt.path, func(t *testing.T) {
			rec, eb := do(t, s, http.MethodGet, tt.path, "")
			if rec.Code != tt.status || eb.Error.Field != tt.field {
				t.Errorf("%d field %q, want %d %q", rec.Code, eb.Error.Field, tt.status, tt.field)
			}
		})
	}
}

func TestCompareEndpoint(t *testing.T) {
	t.Parallel()
	s := newOffersServer(t)
	body := `{"holding":{"kind":"loan","product_type":"personal_loan","provider":"Old Bank","balance":"15000.00","apr":"22.99","remaining_months":36},
		"profile":{"credit_score":720,"annual_income":"85000","region":"US-NY","monthly_debt_payments":"900"},"limit":3}`
	rec, _ := do(t, s, http.MethodPost, "/api/v1/compare", body)
	if rec.Code != 200 {
		t.Fatalf("compare: %d %s", rec.Code, rec.Body)
	}
	var resp struct {
		Current map[string]any `json:"current"`
		Options []struct {
			Offer          map[string]any `json:"offer"`
			Eligible       bool           `json:"eligible"`
			Reasons        []string       `json:"reasons"`
			Cost           map[string]any `json:"cost"`
			MonthlySaving  string         `json:"monthly_saving"`
			NetSaving      string         `json:"net_saving"`
			BreakEvenMonth *int           `json:"break_even_month"`
		} `json:"options"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Options) != 3 || resp.Current["monthly_payment"] == nil {
		t.Fatalf("response %s", rec.Body)
	}
	for _, k := range []string{"monthly_payment", "total_interest", "total_paid", "apr", "fees", "term_months"} {
		if _, ok := resp.Options[0].Cost[k]; !ok {
			t.Errorf("cost lacks %q", k)
		}
	}
	prev := ""
	for i, o := range resp.Options {
		if !o.Eligible {
			continue
		}
		if i > 0 && prev != "" && offers.MustMoney(o.NetSaving).GreaterThan(offers.MustMoney(prev).Decimal) {
			t.Errorf("options not ordered by net saving: %s after %s", o.NetSaving, prev)
		}
		prev = o.NetSaving
	}

	// Nobody signed in, no profile: the consumer is taken to be in the US (as the assistant
	// does) and only USD offers are compared.
	anon := `{"holding":{"product_type":"personal_loan","balance":"15000.00","apr":"22.99","remaining_months":36},"limit":100}`
	rec, _ = do(t, s, http.MethodPost, "/api/v1/compare", anon)
	var anonResp struct {
		Currency string `json:"currency"`
		Options  []struct {
			Offer struct{ Currency string } `json:"offer"`
		} `json:"options"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &anonResp); rec.Code != 200 || err != nil || len(anonResp.Options) == 0 {
		t.Fatalf("anonymous compare: %d %s", rec.Code, rec.Body)
	}
	if anonResp.Currency != "USD" {
		t.Errorf("anonymous compare in %q, want USD", anonResp.Currency)
	}
	for _, o := range anonResp.Options {
		if o.Offer.Currency != "USD" {
			t.Errorf("anonymous compare of a US-style holding lists a %s offer", o.Offer.Currency)
		}
	}

	for _, tt := range []struct {
		name, body string
		status     int
		field      string
	}{
		{"no holding", `{}`, 400, "holding"},
		{"bad product", `{"holding":{"product_type":"yacht","balance":"1","apr":"1","remaining_months":1}}`, 400, "holding.product_type"},
		{"negative balance", `{"holding":{"product_type":"auto_loan","balance":"-1","apr":"5","remaining_months":12}}`, 400, "holding.balance"},
		{"rate 100", `{"holding":{"product_type":"auto_loan","balance":"1000","apr":"100","remaining_months":12}}`, 400, "holding.apr"},
		{"non-numeric balance", `{"holding":{"product_type":"auto_loan","balance":"lots","apr":"5","remaining_months":12}}`, 400, "holding.balance"},
		{"bad profile", `{"holding":{"product_type":"auto_loan","balance":"1000","apr":"5","remaining_months":12},"profile":{"credit_score":9000,"annual_income":"1","region":"US"}}`, 400, "profile.credit_score"},
		{"payment cannot repay", `{"holding":{"product_type":"auto_loan","balance":"5000","apr":"9.90","remaining_months":48,"monthly_payment":"1"}}`, 422, "holding.monthly_payment"},
		{"payment below interest", `{"holding":{"product_type":"personal_loan","balance":"5000","apr":"9.90","remaining_months":48,"monthly_payment":"41.25"}}`, 422, "holding.monthly_payment"},
		{"holding_id without session", `{"holding_id":1}`, 401, ""},
		{"unknown offer", `{"holding":{"product_type":"auto_loan","balance":"1000","apr":"5","remaining_months":12},"offer_ids":[99999999]}`, 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, eb := do(t, s, http.MethodPost, "/api/v1/compare", tt.body)
			if rec.Code != tt.status || eb.Error.Field != tt.field {
				t.Errorf("%d field %q, want %d %q: %s", rec.Code, eb.Error.Field, tt.status, tt.field, rec.Body)
			}
		})
	}
}

// A signed-in consumer whose saved profile has only a region is compared in that region's
// currency, as the assistant does.
func TestCompareSavedRegionOnly(t *testing.T) {
	t.Parallel()
	s := newOffersServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "gb@example.com")
	decode(t, cl.do("PUT", "/api/v1/me/profile", `{"region":"GB"}`), 200, nil)
	var resp struct {
		Currency string `json:"currency"`
		Options  []struct {
			Offer struct{ Currency string } `json:"offer"`
		} `json:"options"`
	}
	decode(t, cl.do("POST", "/api/v1/compare", `{"holding":{"product_type":"personal_loan","balance":"9000.00","apr":"19.9","remaining_months":30}}`), 200, &resp)
	if resp.Currency != "GBP" || len(resp.Options) == 0 {
		t.Fatalf("compare in %q with %d options, want GBP offers", resp.Currency, len(resp.Options))
	}
	for _, o := range resp.Options {
		if o.Offer.Currency != "GBP" {
			t.Errorf("a %s offer for a consumer in GB", o.Offer.Currency)
		}
	}
}

// q is a search box: several words find what any of them finds, best matches first.
func TestOffersSearchWords(t *testing.T) {
	t.Parallel()
	s := newOffersServer(t)
	search := func(q string) []map[string]any {
		t.Helper()
		rec, _ := do(t, s, http.MethodGet, "/api/v1/offers?limit=500&q="+q, "")
		if rec.Code != 200 {
			t.Fatalf("q=%s: %d %s", q, rec.Code, rec.Body)
		}
		var list struct {
			Offers []map[string]any `json:"offers"`
		}
		json.Unmarshal(rec.Body.Bytes(), &list)
		return list.Offers
	}
	car, both := search("car"), search("car%20loan")
	if len(car) == 0 || len(both) < len(car) {
		t.Fatalf("q=car finds %d offers, q=car loan %d; want at least as many for two words", len(car), len(both))
	}
	found := map[any]bool{}
	for _, o := range both {
		found[o["id"]] = true
	}
	for _, o := range car {
		if o["product_type"] == "auto_loan" && !found[o["id"]] {
			t.Errorf("car loan %v (%v) is found by q=car but not by q=car loan", o["id"], o["name"])
		}
	}
	// Offers about both words come before offers about one.
	about := func(o map[string]any, w string) bool {
		return strings.Contains(strings.ToLower(fmt.Sprint(o["name"], " ", o["description"])), w)
	}
	seenOne := false
	for _, o := range both {
		two := about(o, "car") && about(o, "loan")
		if two && seenOne {
			t.Errorf("offer %v (%v) about car and loan ranked after one about only one of them", o["id"], o["name"])
			break
		}
		seenOne = seenOne || !two
	}
	if got := search("%22car%22%20-loan%20or"); got == nil {
		t.Error("search-box operators are not a 500")
	}
}

// The assistant and POST /api/v1/compare place a signed-in consumer by the same saved profile:
// the same region, so offers in the same currency. Checked through both doors: the compare
// endpoint, and a turn of the assistant over HTTP whose cards are compare's first options. A
// region no offer can serve ("zz") is refused when saved, and one stored before that rule counts
// as not saved by both (the assistant used to search "ZZ" and find nothing).
func TestAssistantAndCompareAgreeOnTheSavedRegion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.NewPool(t)
	store := offers.NewStore(pool)
	if _, err := store.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	bctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	bus := assistant.NewBus(pool, quietLog())
	if err := bus.Start(bctx); err != nil {
		t.Fatal(err)
	}
	eng := assistant.NewEngine(pool, bus, nil, store, nil, quietLog())
	t.Cleanup(eng.Close)
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: store, Assistant: eng})
	for i, tt := range []struct {
		name, profile string
		stored        string // a region written before today's rule, straight into the table
		wantRegion    string
		wantCurrency  string
	}{
		{"nothing saved", "", "", "US", "USD"},
		{"a region only", `{"region":"gb"}`, "", "GB", "GBP"},
		{"a whole profile", `{"credit_score":720,"annual_income":"85000","region":"US-CA"}`, "", "US-CA", "USD"},
		{"a region saved before the rule", "", "ZZ", "US", "USD"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cl := newClient(t, s)
			u := signUp(t, cl, fmt.Sprintf("where%d@example.com", i))
			if e := errorOf(t, cl.do("PUT", "/api/v1/me/profile", `{"region":"zz"}`)); e.Field != "region" {
				t.Errorf("saving region zz: error on %q, want a 400 on region", e.Field)
			}
			if tt.profile != "" {
				decode(t, cl.do("PUT", "/api/v1/me/profile", tt.profile), 200, nil)
			}
			if tt.stored != "" {
				if _, err := pool.Exec(ctx, `INSERT INTO profiles (user_id, region) VALUES ($1, $2)`, u.ID, tt.stored); err != nil {
					t.Fatal(err)
				}
			}
			p, saved, err := eng.Tools.Profile(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := offers.HoldingRegion(p, saved); got != tt.wantRegion {
				t.Errorf("the assistant places the consumer in %q, want %q", got, tt.wantRegion)
			}
			var resp struct {
				Currency string `json:"currency"`
				Options  []struct {
					Offer struct {
						ID int64 `json:"id"`
					} `json:"offer"`
				} `json:"options"`
			}
			decode(t, cl.do("POST", "/api/v1/compare", `{"holding":{"product_type":"personal_loan","balance":"9000.00","apr":"19.9","remaining_months":30}}`), 200, &resp)
			if resp.Currency != tt.wantCurrency || len(resp.Options) == 0 {
				t.Fatalf("compare in %q with %d options, want %q and some", resp.Currency, len(resp.Options), tt.wantCurrency)
			}
			var conv struct {
				ID int64 `json:"id"`
			}
			decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
			var sent sendJSON
			decode(t, cl.do("POST", fmt.Sprintf("/api/v1/conversations/%d/messages?wait=true", conv.ID),
				map[string]string{"text": "my personal loan is 9000 at 19.9% with 30 months left", "client_id": "where"}), 200, &sent)
			if len(sent.Replies) != 1 || len(sent.Replies[0].Cards) == 0 {
				t.Fatalf("the assistant's reply %+v has no cards", sent.Replies)
			}
			for k, raw := range sent.Replies[0].Cards {
				var c offers.Card
				if err := json.Unmarshal(raw, &c); err != nil {
					t.Fatal(err)
				}
				if c.Currency != tt.wantCurrency || c.OfferID != resp.Options[k].Offer.ID {
					t.Errorf("card %d: offer %d in %s; compare's option %d is offer %d in %s", k, c.OfferID, c.Currency, k, resp.Options[k].Offer.ID, resp.Currency)
				}
			}
			var list struct {
				Currency, Locale string
			}
			decode(t, cl.do("GET", "/api/v1/holdings", nil), 200, &list)
			if list.Currency != tt.wantCurrency || list.Locale != offers.RegionLocale(tt.wantRegion) {
				t.Errorf("holdings listed in %s/%s, want %s/%s", list.Currency, list.Locale, tt.wantCurrency, offers.RegionLocale(tt.wantRegion))
			}
		})
	}
}
