package assistant

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// CannedReply is a saved reply an agent inserts by its shortcut. Its text may hold the
// placeholders of Placeholders, filled when the reply is sent.
type CannedReply struct {
	ID        int64     `json:"id"`
	Shortcut  string    `json:"shortcut"`
	Text      string    `json:"text"`
	CreatedBy *int64    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// CannedReplies returns every canned reply by shortcut.
func (c *Console) CannedReplies(ctx context.Context) ([]CannedReply, error) {
	rows, err := c.pool.Query(ctx, `SELECT id, shortcut, text, created_by, created_at FROM canned_replies ORDER BY lower(shortcut)`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[CannedReply])
}

// AddCannedReply saves a canned reply; a shortcut taken (in any case) is ECONFLICT.
func (c *Console) AddCannedReply(ctx context.Context, a Actor, shortcut, text string) (CannedReply, error) {
	shortcut = strings.TrimSpace(shortcut)
	if shortcut == "" || utf8Len(shortcut) > 40 || strings.ContainsAny(shortcut, " \t\r\n") {
		return CannedReply{}, ratewise.Invalid("shortcut", "A shortcut is 1 to 40 characters with no spaces, like /greet.")
	}
	text, err := validateNote("text", text, true)
	if err != nil {
		return CannedReply{}, err
	}
	r := CannedReply{Shortcut: shortcut, Text: text, CreatedBy: &a.ID}
	err = c.pool.QueryRow(ctx, `INSERT INTO canned_replies (shortcut, text, created_by) VALUES ($1, $2, $3) RETURNING id, created_at`,
		shortcut, text, a.ID).Scan(&r.ID, &r.CreatedAt)
	if db.IsCode(err, db.UniqueViolation) {
		return CannedReply{}, ratewise.Errorf(ratewise.ECONFLICT, "The shortcut %s is taken.", shortcut)
	}
	return r, err
}
