package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/offers"
)

// The demo shop embeds the demo merchant's key as the database holds it (what the seed made),
// not a copy of it, and allows itself on that merchant's origins.
func TestDemoShopEmbedsTheSeededKey(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewEmptyDatabase(t)
	env := envFrom(map[string]string{"DATABASE_URL": dsn, "LISTEN_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"})
	if code := run(context.Background(), []string{"migrate"}, env, nil, io.Discard, io.Discard); code != 0 {
		t.Fatalf("migrate = %d", code)
	}
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"serve", "--demo-shop", "127.0.0.1:0"}, env, nil, io.Discard, &errOut); code != 1 || !strings.Contains(errOut.String(), "ratewise seed") {
		t.Fatalf("serve --demo-shop before the seed = %d %q, want a refusal that says to seed", code, errOut.String())
	}

	ctx := context.Background()
	pool, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := offers.NewStore(pool)
	if _, err := store.UpsertPartner(ctx, offers.Partner{Name: demoMerchant, Kind: offers.PartnerMerchant, Regions: []string{"US"}}); err != nil {
		t.Fatal(err)
	}
	const seeded = "pk_demo_seededelsewhere"
	if _, err := store.EnsureMerchantKeys(ctx, demoMerchant, seeded, []string{"http://localhost:8081"}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--demo-shop", "127.0.0.1:0"}, env, nil, &out, io.Discard) }()
	re := regexp.MustCompile(`demo shop \(merchant\)\s+(http://\S+?)/?\n`)
	var shop string
	for deadline := time.Now().Add(20 * time.Second); shop == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			shop = m[1]
		}
	}
	if shop == "" {
		t.Fatalf("no demo shop; stdout %q", out.String())
	}
	resp, err := http.Get(shop + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `data-key="`+seeded+`"`) {
		t.Errorf("the demo shop does not embed the seeded key %s", seeded)
	}
	m, err := store.MerchantByPublishableKey(ctx, seeded)
	if err != nil || !m.Allows(shop) {
		t.Errorf("the demo merchant %+v (%v) does not allow the shop's origin %s", m, err, shop)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
