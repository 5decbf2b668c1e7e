package offers

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
)

// Merchant partners' keys. A merchant gets a publishable key (pk_…, public: it sits in the
// shop's page and only opens the widget on the partner's allowed origins) and a secret key
// (sk_…, for its server: the partner API and signing shoppers' identity tokens).
//
// The secret key is stored only as its SHA-256. It is 67 characters long on purpose: HMAC
// keys longer than SHA-256's 64-byte block are replaced by their SHA-256 (RFC 2104), so an
// HS256 signature made with the secret verifies with the stored digest, and the server never
// keeps the secret itself. The digest is therefore as good as the secret for signing identity
// tokens (true of any shared-secret scheme), but not for calling the partner API, which
// hashes what it is sent.

// SecretGrace is how long a secret key keeps working after RotateSecret replaced it, so a
// merchant can deploy the new one without downtime.
const SecretGrace = 24 * time.Hour

// PartnerKeys is what `partner add` prints once: the secret is not stored and cannot be shown
// again.
type PartnerKeys struct {
	PartnerID      int64  `json:"partner_id"`
	PublishableKey string `json:"publishable_key"`
	SecretKey      string `json:"secret_key"`
}

// Merchant is a partner as the widget sees it: its publishable key and allowed origins.
type Merchant struct {
	Partner
	PublishableKey string
	Origins        []string
}

// Allows reports whether a page on origin may use the merchant's widget.
func (m *Merchant) Allows(origin string) bool { return slices.Contains(m.Origins, origin) }

// HashSecret is the digest a secret key is stored and looked up by.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func newKey(prefix string, n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// NormalizeOrigin returns origin as browsers send it in the Origin header (scheme://host[:port],
// lower-case, no default port, no path), or an EINVALID error on field "origin".
func NormalizeOrigin(origin string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(origin))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", ratewise.Invalid("origin", "%q is not an origin: give scheme://host[:port], for example https://shop.example.com", origin)
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return u.Scheme + "://" + host, nil
}

// AddMerchant creates a merchant partner called name, allowed on origins, with a new key
// pair. A partner of that name that exists already is ECONFLICT: keys are never replaced by
// accident (RotateSecret does that on purpose).
func (s *Store) AddMerchant(ctx context.Context, name string, origins []string) (PartnerKeys, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return PartnerKeys{}, ratewise.Invalid("name", "A partner needs a name (--name).")
	}
	norm, err := normalizeOrigins(origins)
	if err != nil {
		return PartnerKeys{}, err
	}
	var keys PartnerKeys
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := partnerByName(ctx, tx, name); err == nil {
			return ratewise.Errorf(ratewise.ECONFLICT, "A partner called %q exists already; use `partner rotate-key` for new keys.", name)
		} else if ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
			return err
		}
		p, err := upsertPartner(ctx, tx, Partner{Name: name, Kind: PartnerMerchant})
		if err != nil {
			return err
		}
		keys, err = createKeys(ctx, tx, p.ID, "", norm)
		return err
	})
	return keys, err
}

// EnsureMerchantKeys gives the existing partner called name a key pair, with the publishable
// key publishable (a new random one when empty), and adds origins to its allowed list,
// unless it has keys already; then it only adds the origins and returns the keys without the
// secret (SecretKey empty). The demo seed uses it, so seeding twice keeps the demo shop's key.
func (s *Store) EnsureMerchantKeys(ctx context.Context, name, publishable string, origins []string) (PartnerKeys, error) {
	norm, err := normalizeOrigins(origins)
	if err != nil {
		return PartnerKeys{}, err
	}
	var keys PartnerKeys
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := partnerByName(ctx, tx, name)
		if err != nil {
			return err
		}
		var pk string
		err = tx.QueryRow(ctx, `SELECT publishable_key FROM partner_keys WHERE partner_id = $1 FOR UPDATE`, p.ID).Scan(&pk)
		if errors.Is(err, pgx.ErrNoRows) {
			keys, err = createKeys(ctx, tx, p.ID, publishable, norm)
			return err
		}
		if err != nil {
			return err
		}
		keys = PartnerKeys{PartnerID: p.ID, PublishableKey: pk}
		return addOrigins(ctx, tx, p.ID, norm)
	})
	return keys, err
}

func normalizeOrigins(origins []string) ([]string, error) {
	if len(origins) == 0 {
		return nil, ratewise.Invalid("origin", "Give at least one origin the widget may be embedded on (--origin https://shop.example.com).")
	}
	var out []string
	for _, o := range origins {
		n, err := NormalizeOrigin(o)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func createKeys(ctx context.Context, tx pgx.Tx, partnerID int64, pk string, origins []string) (PartnerKeys, error) {
	var err error
	if pk == "" {
		if pk, err = newKey("pk_", 18); err != nil {
			return PartnerKeys{}, err
		}
	}
	sk, err := newKey("sk_", 48)
	if err != nil {
		return PartnerKeys{}, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO partner_keys (partner_id, publishable_key) VALUES ($1, $2)`, partnerID, pk); err != nil {
		return PartnerKeys{}, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO partner_secrets (partner_id, secret_hash) VALUES ($1, $2)`, partnerID, HashSecret(sk)); err != nil {
		return PartnerKeys{}, err
	}
	return PartnerKeys{PartnerID: partnerID, PublishableKey: pk, SecretKey: sk}, addOrigins(ctx, tx, partnerID, origins)
}

func addOrigins(ctx context.Context, tx pgx.Tx, partnerID int64, origins []string) error {
	_, err := tx.Exec(ctx, `INSERT INTO partner_origins (partner_id, origin) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, partnerID, origins)
	return err
}

// RotateSecret issues a new secret key for the partner (by id, or by name when ref is not a
// number). The current one keeps working for SecretGrace; older ones expire at once.
func (s *Store) RotateSecret(ctx context.Context, ref string) (PartnerKeys, error) {
	var keys PartnerKeys
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := partnerByRef(ctx, tx, ref)
		if err != nil {
			return err
		}
		var pk string
		err = tx.QueryRow(ctx, `SELECT publishable_key FROM partner_keys WHERE partner_id = $1 FOR UPDATE`, p.ID).Scan(&pk)
		if errors.Is(err, pgx.ErrNoRows) {
			return ratewise.Errorf(ratewise.ENOTFOUND, "Partner %q has no keys; create merchant partners with `partner add`.", p.Name)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE partner_secrets SET expires_at = least(expires_at, now())
			WHERE partner_id = $1 AND expires_at IS NOT NULL`, p.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE partner_secrets SET expires_at = now() + make_interval(secs => $2)
			WHERE partner_id = $1 AND expires_at IS NULL`, p.ID, SecretGrace.Seconds()); err != nil {
			return err
		}
		sk, err := newKey("sk_", 48)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO partner_secrets (partner_id, secret_hash) VALUES ($1, $2)`, p.ID, HashSecret(sk)); err != nil {
			return err
		}
		keys = PartnerKeys{PartnerID: p.ID, PublishableKey: pk, SecretKey: sk}
		return nil
	})
	return keys, err
}

func partnerByRef(ctx context.Context, tx pgx.Tx, ref string) (Partner, error) {
	ref = strings.TrimSpace(ref)
	if ref != "" && strings.Trim(ref, "0123456789") == "" {
		p, err := scanPartner(tx.QueryRow(ctx, `SELECT `+partnerColumns+` FROM partners p WHERE p.id::text = $1`, ref))
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return Partner{}, err
		}
	}
	return partnerByName(ctx, tx, ref)
}

const merchantColumns = partnerColumns + `, k.publishable_key,
	coalesce((SELECT array_agg(o.origin ORDER BY o.origin) FROM partner_origins o WHERE o.partner_id = p.id), '{}')`

func scanMerchant(row pgx.Row) (Merchant, error) {
	var m Merchant
	err := row.Scan(&m.ID, &m.Name, &m.Kind, &m.Regions, &m.URL, &m.PublishableKey, &m.Origins)
	if errors.Is(err, pgx.ErrNoRows) {
		return Merchant{}, ratewise.NotFound("partner")
	}
	return m, err
}

// MerchantByPublishableKey returns the partner whose publishable key is pk.
func (s *Store) MerchantByPublishableKey(ctx context.Context, pk string) (Merchant, error) {
	if !strings.HasPrefix(pk, "pk_") || len(pk) > 100 {
		return Merchant{}, ratewise.NotFound("partner")
	}
	return scanMerchant(s.pool.QueryRow(ctx, `SELECT `+merchantColumns+`
		FROM partner_keys k JOIN partners p ON p.id = k.partner_id WHERE k.publishable_key = $1`, pk))
}

// MerchantByName returns the merchant partner called name (any case) with its key and
// origins; a partner without keys is ENOTFOUND.
func (s *Store) MerchantByName(ctx context.Context, name string) (Merchant, error) {
	return scanMerchant(s.pool.QueryRow(ctx, `SELECT `+merchantColumns+`
		FROM partner_keys k JOIN partners p ON p.id = k.partner_id WHERE lower(p.name) = lower($1)`, strings.TrimSpace(name)))
}

// Merchant returns the partner with id, with its key and origins.
func (s *Store) Merchant(ctx context.Context, id int64) (Merchant, error) {
	return scanMerchant(s.pool.QueryRow(ctx, `SELECT `+merchantColumns+`
		FROM partner_keys k JOIN partners p ON p.id = k.partner_id WHERE p.id = $1`, id))
}

// MerchantBySecret returns the partner a secret key belongs to, if the key is current or
// still within its grace period after a rotation.
func (s *Store) MerchantBySecret(ctx context.Context, secret string) (Merchant, error) {
	if !strings.HasPrefix(secret, "sk_") || len(secret) > 200 {
		return Merchant{}, ratewise.NotFound("partner")
	}
	return scanMerchant(s.pool.QueryRow(ctx, `SELECT `+merchantColumns+`
		FROM partner_secrets sec JOIN partner_keys k ON k.partner_id = sec.partner_id JOIN partners p ON p.id = sec.partner_id
		WHERE sec.secret_hash = $1 AND (sec.expires_at IS NULL OR sec.expires_at > now())`, HashSecret(secret)))
}

// SecretDigests returns the digests of the partner's working secret keys (the current one
// and any within their grace period): the keys its shoppers' identity tokens verify with.
func (s *Store) SecretDigests(ctx context.Context, partnerID int64) ([][]byte, error) {
	rows, err := s.pool.Query(ctx, `SELECT secret_hash FROM partner_secrets
		WHERE partner_id = $1 AND (expires_at IS NULL OR expires_at > now()) ORDER BY id DESC`, partnerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[[]byte])
}
