package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/web"
)

// setupStaff is `ratewise staff add`: it creates a staff account, or updates an existing
// staff account's role and settings and sets a new password (the way to reset a forgotten
// one). Without --password-stdin a strong password is generated and printed once.
func setupStaff(fs *flag.FlagSet) runFunc {
	email := fs.String("email", "", "the account's email (required)")
	role := fs.String("role", "", "agent, supervisor or admin (required)")
	name := fs.String("name", "", "the name consumers and colleagues see")
	languages := fs.String("languages", "en", "languages the agent serves, comma-separated ("+strings.Join([]string{"en", "es", "fr", "de", "sv"}, ",")+")")
	skills := fs.String("skills", "", "products the agent handles, comma-separated (empty: all)")
	capacity := fs.Int("capacity", 3, "conversations the agent holds at once (1–20)")
	sensitive := fs.Bool("sensitive", false, "route sensitive cases (hardship, bereavement, fraud, …) to this agent first")
	stdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) == 0 || args[0] != "add" {
			return fmt.Errorf("%w: the subcommand is `staff add`", errUsage)
		}
		// The flags follow the subcommand word, where the first parse stopped.
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		if len(fs.Args()) > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Args()[0])
		}
		if *email == "" || *role == "" {
			return fmt.Errorf("%w: --email and --role are required", errUsage)
		}
		password := ""
		if *stdin {
			line, err := bufio.NewReader(env.Stdin).ReadString('\n')
			if err != nil && err != io.EOF {
				return err
			}
			password = strings.TrimRight(line, "\r\n")
		}
		pool, err := db.Open(ctx, env.Config.DatabaseURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		generated := password == ""
		if generated {
			password = newPassword()
		}
		created, err := addStaff(ctx, pool, env, staffAccount{email: *email, role: *role, name: *name, password: password,
			languages: splitList(*languages), skills: splitList(*skills), capacity: *capacity, sensitive: *sensitive})
		if err != nil {
			return err
		}
		verb := "Updated"
		if created {
			verb = "Created"
		}
		fmt.Fprintf(env.Stdout, "%s %s account %s.\n", verb, *role, *email)
		if generated {
			fmt.Fprintf(env.Stdout, "Password (shown only now): %s\n", password)
		}
		return nil
	}
}

type staffAccount struct {
	email, role, name, password string
	languages, skills           []string
	capacity                    int
	sensitive                   bool
}

// addStaff saves the account (web owns users) and its console settings (assistant owns
// staff). The settings are checked first, so a bad flag changes nothing.
func addStaff(ctx context.Context, pool *pgxpool.Pool, env *Env, a staffAccount) (bool, error) {
	settings := assistant.StaffSettings{DisplayName: a.name, Languages: a.languages, Skills: a.skills, Capacity: a.capacity, Sensitive: a.sensitive}
	if err := settings.Validate(); err != nil {
		return false, err
	}
	u, created, err := web.NewUsers(pool).SaveStaff(ctx, a.email, a.name, a.role, a.password, web.PasswordHashing{})
	if err != nil {
		return false, err
	}
	settings.UserID = u.ID
	if settings.DisplayName == "" {
		settings.DisplayName = u.Name
	}
	eng := assistant.NewEngine(pool, nil, nil, nil, nil, env.Log)
	defer eng.Close()
	return created, assistant.NewConsole(eng, assistant.ConsoleSettings{}).SaveStaff(ctx, settings)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newPassword is 20 random characters from an alphabet without look-alikes (~114 bits).
func newPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// demoStaff are the console accounts `ratewise seed` creates so a newcomer can try the
// console at once. Their passwords are generated at seed time, never written in the code.
var demoStaff = []staffAccount{
	{email: "agent@ratewise.test", role: "agent", name: "Alex Agent", languages: []string{"en", "es"}, capacity: 3},
	{email: "supervisor@ratewise.test", role: "supervisor", name: "Sam Supervisor", languages: []string{"en"}, capacity: 3, sensitive: true},
	{email: "admin@ratewise.test", role: "admin", name: "Ada Admin", languages: []string{"en"}, capacity: 3},
}

// seedStaff creates the demo staff accounts that do not exist yet and prints their
// passwords; for existing ones it says how to reset the password.
func seedStaff(ctx context.Context, env *Env, pool *pgxpool.Pool) error {
	users := web.NewUsers(pool)
	fmt.Fprintln(env.Stdout, "Console demo accounts (sign in at /login, then open /console):")
	for _, a := range demoStaff {
		exists, err := users.StaffExists(ctx, a.email)
		if err != nil {
			return err
		}
		if exists {
			fmt.Fprintf(env.Stdout, "  %-11s %s exists; reset its password with: ratewise staff add --email %s --role %s --password-stdin\n", a.role, a.email, a.email, a.role)
			continue
		}
		a.password = newPassword()
		if _, err := addStaff(ctx, pool, env, a); err != nil {
			return fmt.Errorf("demo %s: %w", a.role, err)
		}
		fmt.Fprintf(env.Stdout, "  %-11s %s  password: %s\n", a.role, a.email, a.password)
	}
	return nil
}
