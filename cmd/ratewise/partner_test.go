package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"ratewise/db"
	"ratewise/offers"
)

func TestPartnerCommand(t *testing.T) {
	t.Parallel()
	dsn := demoDatabase(t)
	ratewise := commandRunner(dsn)

	code, out, errOut := ratewise(t, nil, "partner", "add", "--name", "Lamp Store", "--origin", "https://lamps.example", "--origin", "https://www.lamps.example/", "--json")
	if code != 0 {
		t.Fatalf("partner add: exit %d: %s", code, errOut)
	}
	var keys offers.PartnerKeys
	if err := json.Unmarshal([]byte(out), &keys); err != nil || keys.PartnerID == 0 || !strings.HasPrefix(keys.PublishableKey, "pk_") || !strings.HasPrefix(keys.SecretKey, "sk_") {
		t.Fatalf("partner add --json printed %q (%v)", out, err)
	}
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := offers.NewStore(pool)
	m, err := store.MerchantBySecret(context.Background(), keys.SecretKey)
	if err != nil || m.ID != keys.PartnerID || len(m.Origins) != 2 {
		t.Errorf("the printed secret finds %+v, %v", m, err)
	}

	code, out, _ = ratewise(t, nil, "partner", "rotate-key", "Lamp Store")
	if code != 0 || !strings.Contains(out, "previous one keeps working for 24 hours") || !strings.Contains(out, "secret key:      sk_") {
		t.Errorf("rotate-key: exit %d, %q", code, out)
	}
	if _, err := store.MerchantBySecret(context.Background(), keys.SecretKey); err != nil {
		t.Errorf("the old secret stopped working at once: %v", err)
	}

	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"partner", "add", "--name", "Lamp Store", "--origin", "https://x.example"}, 1, "exists already"},
		{[]string{"partner", "add", "--name", "No Origin"}, 2, "at least one --origin"},
		{[]string{"partner", "add", "--name", "Bad", "--origin", "lamps.example"}, 1, "is not an origin"},
		{[]string{"partner", "rotate-key"}, 2, "give the partner"},
		{[]string{"partner", "rotate-key", "Nobody"}, 1, "not found"},
		{[]string{"partner", "remove"}, 2, "partner add"},
	} {
		if code, _, errOut := ratewise(t, nil, tt.args...); code != tt.code || !strings.Contains(errOut, tt.err) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tt.args, code, errOut, tt.code, tt.err)
		}
	}

	// The seeded demo merchant embeds on the demo shop with its fixed publishable key.
	demo, err := store.MerchantByPublishableKey(context.Background(), demoMerchantKey)
	if err != nil || demo.Name != demoMerchant || !demo.Allows("http://localhost:8081") {
		t.Errorf("demo merchant = %+v, %v", demo, err)
	}
}
