package offers

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the PostgreSQL store of partners, offers and holdings. Public methods own their
// transaction; the private (ctx, q, …) helpers run inside whatever they are given.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	// MaxHoldings is how many loans and policies one consumer may keep (default
	// DefaultMaxHoldings): each is compared on every request for a better rate, and listing
	// them is one answer.
	MaxHoldings int
}

// DefaultMaxHoldings is the holdings a consumer may keep unless the store is told otherwise.
const DefaultMaxHoldings = 50

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, now: time.Now, MaxHoldings: DefaultMaxHoldings}
}
