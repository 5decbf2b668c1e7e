package web

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
	"ratewise/db"
)

// Users is the one owner of the users table: every statement on it is here, for the HTTP
// handlers and for the commands (eval's throwaway users, staff accounts) alike.
type Users struct {
	pool *pgxpool.Pool
}

// NewUsers returns the account store on pool.
func NewUsers(pool *pgxpool.Pool) *Users { return &Users{pool: pool} }

// Roles of an account.
const (
	RoleConsumer   = "consumer"
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

// noPassword is stored as the hash of an account nobody can sign in to: it is not the
// encoding of any argon2id hash, so checkPassword never accepts anything against it.
const noPassword = "!"

const userColumns = `id, email, name, role`

func scanUser(row pgx.Row) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, ratewise.NotFound("user")
	}
	return u, err
}

// create adds an account. passwordHash is what hashPassword returned, or "" for an account
// that cannot sign in. An email already taken (in any case) is ECONFLICT.
func (s *Users) create(ctx context.Context, email, name, role, passwordHash string) (User, error) {
	if passwordHash == "" {
		passwordHash = noPassword
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
		RETURNING `+userColumns, email, name, role, passwordHash))
	if db.IsCode(err, db.UniqueViolation) {
		return User{}, ratewise.Errorf(ratewise.ECONFLICT, "An account with that email already exists; sign in instead.")
	}
	return u, err
}

// CreateWithoutPassword adds a consumer account nobody can sign in to, for work done on a
// person's behalf by a command (the quality harness's throwaway users).
func (s *Users) CreateWithoutPassword(ctx context.Context, email, name string) (User, error) {
	return s.create(ctx, email, name, RoleConsumer, "")
}

// Delete removes an account and, by the foreign keys, everything it owns.
func (s *Users) Delete(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		return ratewise.NotFound("user")
	}
	return err
}

// ByID returns an account.
func (s *Users) ByID(ctx context.Context, id int64) (User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// credentials returns the account with email (any case) and its password hash; ENOTFOUND
// when there is none.
func (s *Users) credentials(ctx context.Context, email string) (User, string, error) {
	var u User
	var hash string
	err := s.pool.QueryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE lower(email) = lower($1)`, email).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, "", ratewise.NotFound("user")
	}
	return u, hash, err
}

// Name returns an account's name (assistant.NameLookup: placeholders and greetings).
func (s *Users) Name(ctx context.Context, id int64) (string, error) {
	u, err := s.ByID(ctx, id)
	return u.Name, err
}

// IsStaffRole reports whether role is one of the staff roles.
func IsStaffRole(role string) bool {
	return role == RoleAgent || role == RoleSupervisor || role == RoleAdmin
}

// SaveStaff creates a staff account with password, or, when the email already belongs to a
// staff account, updates its name and role and sets the new password: how a forgotten staff
// password is reset. An email that belongs to a consumer is ECONFLICT: a consumer account
// never becomes a staff one by accident. created says which happened.
func (s *Users) SaveStaff(ctx context.Context, email, name, role, password string, p PasswordHashing) (u User, created bool, err error) {
	if !IsStaffRole(role) {
		return User{}, false, ratewise.Invalid("role", "role is agent, supervisor or admin.")
	}
	if err := validateEmail(email); err != nil {
		return User{}, false, err
	}
	if err := validatePassword(password, email); err != nil {
		return User{}, false, err
	}
	hash, err := hashPassword(password, p.withDefaults())
	if err != nil {
		return User{}, false, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var prevRole string
		err := tx.QueryRow(ctx, `SELECT role FROM users WHERE lower(email) = lower($1) FOR UPDATE`, email).Scan(&prevRole)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			created = true
			u, err = scanUser(tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
				RETURNING `+userColumns, email, name, role, hash))
			return err
		case err != nil:
			return err
		case !IsStaffRole(prevRole):
			return ratewise.Errorf(ratewise.ECONFLICT, "%s is a consumer account; use another email for the staff account.", email)
		}
		u, err = scanUser(tx.QueryRow(ctx, `UPDATE users SET name = CASE WHEN $2 = '' THEN name ELSE $2 END, role = $3,
			password_hash = $4, updated_at = now() WHERE lower(email) = lower($1) RETURNING `+userColumns, email, name, role, hash))
		return err
	})
	return u, created, err
}

// StaffExists reports whether email belongs to a staff account.
func (s *Users) StaffExists(ctx context.Context, email string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1) AND role IN ('agent', 'supervisor', 'admin'))`, email).Scan(&ok)
	return ok, err
}
