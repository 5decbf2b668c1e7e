package assistant

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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

// Limits of a canned reply.
const (
	// MaxShortcutChars bounds a shortcut, its leading slash included.
	MaxShortcutChars = 40
	// MaxCannedChars bounds a canned reply's text: a reply is at most MaxMessageChars, and
	// filled placeholders (a name) must still fit.
	MaxCannedChars = MaxMessageChars - 200
)

// shortcutRe is a shortcut as an agent types it after the slash: letters, digits, '-' and '_'.
var shortcutRe = regexp.MustCompile(`^/?([\p{L}\p{N}][\p{L}\p{N}_-]*)$`)

// placeholderRe finds what a text puts in braces.
var placeholderRe = regexp.MustCompile(`\{[^{}]*\}?`)

// validCanned checks a canned reply and returns it tidied: the shortcut starts with '/'
// (typed with or without it, "/greet" and "greet" are the same shortcut), and every pair of
// braces in the text is a known placeholder, so a typo like {frist_name} is caught when the
// reply is saved, not when a customer reads it.
func validCanned(shortcut, text string) (string, string, error) {
	shortcut = strings.TrimSpace(shortcut)
	m := shortcutRe.FindStringSubmatch(shortcut)
	if m == nil || utf8Len(m[1])+1 > MaxShortcutChars {
		return "", "", ratewise.Invalid("shortcut", "A shortcut is a slash and 1 to %d letters, digits, '-' or '_', like /greet.", MaxShortcutChars-1)
	}
	shortcut = "/" + m[1]
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return "", "", ratewise.Invalid("text", "Write the reply.")
	case !utf8.ValidString(text):
		return "", "", ratewise.Invalid("text", "The reply is not valid UTF-8.")
	case utf8Len(text) > MaxCannedChars:
		return "", "", ratewise.Invalid("text", "A saved reply is at most %d characters.", MaxCannedChars)
	}
	known := "{" + strings.Join(Placeholders, "}, {") + "}"
	for _, p := range placeholderRe.FindAllString(text, -1) {
		if !strings.HasSuffix(p, "}") || !slices.Contains(Placeholders, p[1:len(p)-1]) {
			return "", "", ratewise.Invalid("text", "Unknown placeholder %s; braces are for placeholders only: %s.", p, known)
		}
	}
	if strings.Contains(placeholderRe.ReplaceAllString(text, ""), "}") {
		return "", "", ratewise.Invalid("text", "A '}' without its '{'; braces are for placeholders only: %s.", known)
	}
	return shortcut, text, nil
}

// AddCannedReply saves a canned reply; a shortcut taken (in any case) is ECONFLICT.
func (c *Console) AddCannedReply(ctx context.Context, a Actor, shortcut, text string) (CannedReply, error) {
	shortcut, text, err := validCanned(shortcut, text)
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
