package web

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"testing"

	"ratewise/db/dbtest"
)

// The sign-in limits are the configuration's: with two per account the third attempt, even
// with the right password, is refused; with three per address the fourth, on any account.
func TestSignInLimitsAreSettings(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.FailedSignInsPerAccount, cfg.FailedSignInsPerAddress = 2, 3
	s := New(cfg, Deps{Log: quietLog(), Pool: dbtest.NewPool(t)})
	signUp(t, newClient(t, s), "ada@example.com")
	for i := range 2 {
		cl := newClient(t, s)
		cl.ip = "192.0.2." + strconv.Itoa(20+i)
		if rec := cl.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "wrong password here"}); rec.Code != 401 {
			t.Fatalf("failure %d: %d", i+1, rec.Code)
		}
	}
	right := newClient(t, s)
	right.ip = "192.0.2.30"
	if rec := right.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}); rec.Code != 429 {
		t.Errorf("after FailedSignInsPerAccount=2 failures the right password: %d, want 429", rec.Code)
	}
	guesser := newClient(t, s)
	guesser.ip = "198.51.100.9"
	for i := range 3 {
		if rec := guesser.do("POST", "/api/v1/auth/login", map[string]string{"email": fmt.Sprintf("nobody%d@example.com", i), "password": "wrong password here"}); rec.Code != 401 {
			t.Fatalf("address failure %d: %d", i+1, rec.Code)
		}
	}
	if rec := guesser.do("POST", "/api/v1/auth/login", map[string]string{"email": "someone@example.com", "password": "wrong password here"}); rec.Code != 429 {
		t.Errorf("after FailedSignInsPerAddress=3 failures: %d, want 429", rec.Code)
	}
	if d := New(Config{}, Deps{}).cfg; d.FailedSignInsPerAccount != 5 || d.FailedSignInsPerAddress != 30 {
		t.Errorf("defaults %d per account, %d per address; want 5 and 30", d.FailedSignInsPerAccount, d.FailedSignInsPerAddress)
	}
}

// A running server deletes the counters whose window is long over, even when nobody ever
// signs in successfully (the only other path that sweeps), and keeps the live ones.
func TestSignInCountersExpire(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool})
	for i := range 3 {
		cl := newClient(t, s)
		cl.ip = "192.0.2." + strconv.Itoa(40+i)
		if rec := cl.do("POST", "/api/v1/auth/login", map[string]string{"email": fmt.Sprintf("guess%d@example.com", i), "password": "wrong password here"}); rec.Code != 401 {
			t.Fatalf("failure %d: %d", i, rec.Code)
		}
	}
	ctx := context.Background()
	// Everything but the last guess's counters is from two hours ago.
	if _, err := pool.Exec(ctx, `UPDATE login_throttle SET window_start = now() - interval '2 hours'
		WHERE key NOT IN ('account:guess2@example.com', 'ip:192.0.2.42')`); err != nil {
		t.Fatal(err)
	}
	count := func() (old, live int) {
		t.Helper()
		if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE window_start < now() - interval '1 hour'),
			count(*) FILTER (WHERE window_start >= now() - interval '1 hour') FROM login_throttle`).Scan(&old, &live); err != nil {
			t.Fatal(err)
		}
		return old, live
	}
	if old, live := count(); old != 4 || live != 2 {
		t.Fatalf("before: %d old and %d live counters, want 4 and 2", old, live)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx, ln) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	eventually(t, "the old counters swept", func() string {
		if old, live := count(); old != 0 || live != 2 {
			return fmt.Sprintf("%d old and %d live counters, want 0 and 2", old, live)
		}
		return ""
	})
}
