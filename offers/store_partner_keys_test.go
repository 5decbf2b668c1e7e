package offers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"strconv"
	"strings"
	"testing"

	"ratewise"
	"ratewise/db/dbtest"
)

func TestNormalizeOrigin(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://Shop.Example.com":     "https://shop.example.com",
		"https://shop.example.com/":    "https://shop.example.com",
		"https://shop.example.com:443": "https://shop.example.com",
		"http://localhost:8081":        "http://localhost:8081",
		"http://127.0.0.1:80":          "http://127.0.0.1",
		"http://[::1]:8081":            "http://[::1]:8081",
	} {
		if got, err := NormalizeOrigin(in); err != nil || got != want {
			t.Errorf("NormalizeOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "shop.example.com", "ftp://shop.example.com", "https://shop.example.com/cart",
		"https://shop.example.com?x=1", "https://user@shop.example.com", "javascript:alert(1)", "*"} {
		if _, err := NormalizeOrigin(bad); ratewise.ErrorCode(err) != ratewise.EINVALID {
			t.Errorf("NormalizeOrigin(%q) = %v, want EINVALID", bad, err)
		}
	}
}

// The secret key is stored only as its SHA-256, and that digest verifies an HMAC-SHA256 made
// with the secret itself: the key is longer than the hash's block, so HMAC hashes it first.
func TestSecretDigestVerifiesHMAC(t *testing.T) {
	t.Parallel()
	sk, err := newKey("sk_", 48)
	if err != nil {
		t.Fatal(err)
	}
	if len(sk) <= sha256.BlockSize {
		t.Fatalf("secret keys are %d bytes; they must be longer than %d", len(sk), sha256.BlockSize)
	}
	msg := []byte("header.payload")
	withSecret := hmac.New(sha256.New, []byte(sk))
	withSecret.Write(msg)
	withDigest := hmac.New(sha256.New, HashSecret(sk))
	withDigest.Write(msg)
	if !hmac.Equal(withSecret.Sum(nil), withDigest.Sum(nil)) {
		t.Error("the stored digest does not verify a signature made with the secret")
	}
}

func TestMerchantKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	keys, err := s.AddMerchant(ctx, "Corner Shop", []string{"https://corner.example/", "https://CORNER.example", "http://localhost:8081"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(keys.PublishableKey, "pk_") || !strings.HasPrefix(keys.SecretKey, "sk_") || keys.PartnerID == 0 {
		t.Fatalf("keys = %+v", keys)
	}
	m, err := s.MerchantByPublishableKey(ctx, keys.PublishableKey)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != PartnerMerchant || len(m.Origins) != 2 || !m.Allows("https://corner.example") || m.Allows("https://other.example") {
		t.Errorf("merchant = %+v", m)
	}
	// Nothing stores the secret itself.
	var stored int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM partner_secrets WHERE secret_hash = $1`, HashSecret(keys.SecretKey)).Scan(&stored); err != nil || stored != 1 {
		t.Fatalf("secret rows = %d, %v", stored, err)
	}
	var leaked bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM partner_keys WHERE publishable_key = $1)
		OR EXISTS (SELECT 1 FROM partner_secrets WHERE encode(secret_hash, 'escape') LIKE '%' || $1 || '%')`, keys.SecretKey).Scan(&leaked); err != nil || leaked {
		t.Errorf("the secret key is stored in the clear (%v)", err)
	}
	if _, err := s.AddMerchant(ctx, "corner shop", []string{"https://x.example"}); ratewise.ErrorCode(err) != ratewise.ECONFLICT {
		t.Errorf("a second partner of the same name: %v, want ECONFLICT", err)
	}
	if _, err := s.AddMerchant(ctx, "No Origin", nil); ratewise.ErrorCode(err) != ratewise.EINVALID {
		t.Errorf("no origin: %v, want EINVALID", err)
	}

	// Rotation: the new key works at once, the old one for its grace period, an older one not at all.
	first := keys.SecretKey
	second, err := s.RotateSecret(ctx, "Corner Shop")
	if err != nil {
		t.Fatal(err)
	}
	for _, sk := range []string{first, second.SecretKey} {
		if got, err := s.MerchantBySecret(ctx, sk); err != nil || got.ID != keys.PartnerID {
			t.Errorf("after one rotation, %s…: %v", sk[:8], err)
		}
	}
	digests, err := s.SecretDigests(ctx, keys.PartnerID)
	if err != nil || len(digests) != 2 {
		t.Errorf("working digests = %d, %v; want 2", len(digests), err)
	}
	third, err := s.RotateSecret(ctx, strconv.FormatInt(keys.PartnerID, 10)) // by id this time
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MerchantBySecret(ctx, first); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("the key rotated out twice still works: %v", err)
	}
	// The grace period ends: move the clock by rewriting the expiry.
	if _, err := s.pool.Exec(ctx, `UPDATE partner_secrets SET expires_at = now() - interval '1 second' WHERE expires_at IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MerchantBySecret(ctx, second.SecretKey); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("a key past its grace period still works: %v", err)
	}
	if _, err := s.MerchantBySecret(ctx, third.SecretKey); err != nil {
		t.Errorf("the current key: %v", err)
	}
	if _, err := s.RotateSecret(ctx, "Nobody"); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("rotating an unknown partner: %v", err)
	}

	// The demo seed's call is idempotent and keeps a fixed publishable key.
	if _, err := s.UpsertPartner(ctx, Partner{Name: "Demo Merchant", Kind: PartnerMerchant}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		k, err := s.EnsureMerchantKeys(ctx, "Demo Merchant", "pk_demo_fixedkey", []string{"http://localhost:8081"})
		if err != nil || k.PublishableKey != "pk_demo_fixedkey" || (i == 0) != (k.SecretKey != "") {
			t.Errorf("seed %d: %+v, %v", i, k, err)
		}
	}
}
