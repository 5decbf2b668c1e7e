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
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }
