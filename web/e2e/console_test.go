package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ratewise/db/dbtest"
)

// TestConsoleInABrowser is the support console end to end, on the real server: an agent signs
// in, goes online, receives an offer, accepts and replies; the consumer's page shows the reply
// from a person; the agent hands back and the assistant answers the consumer's next message; a
// supervisor reveals a masked card number and the audit log shows it (web/e2e/console.mjs).
// Staff accounts are made the way an operator makes them, with `ratewise staff add`.
func TestConsoleInABrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser tests skipped: -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if missing := prerequisites(root); len(missing) > 0 {
		t.Fatalf("the browser tests cannot run; missing: %s.\n  Run `bash scripts/browser.sh` (make test does this) and try again.", strings.Join(missing, ", "))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	bin := serverBinary(t, root)
	dsn := dbtest.NewSeededDatabase(t, dbtest.Seed{
		Name: "demo",
		Key:  dbtest.SourceKey(t, "assistant", "cmd/ratewise", "offers", "retrieval"),
		Fill: func(ctx context.Context, dsn string) error {
			seed := exec.CommandContext(ctx, bin, "seed")
			seed.Env = []string{"DATABASE_URL=" + dsn, "LOG_LEVEL=error"}
			if out, err := seed.CombinedOutput(); err != nil {
				return fmt.Errorf("ratewise seed: %v\n%s", err, out)
			}
			return nil
		},
	})
	env := append(os.Environ(), "DATABASE_URL="+dsn, "LISTEN_ADDR=127.0.0.1:0", "OPENAI_API_KEY=", "LOG_LEVEL=warn",
		"EMBEDDINGS_MODEL=", "EMBEDDINGS_DIM=")

	// Every product skill, so dispatch offers this agent whatever the conversation is about.
	skills := "personal_loan,auto_loan,mortgage,student_loan,credit_card,auto_insurance,home_insurance,renters_insurance,travel_insurance,life_insurance"
	staff := map[string][]string{
		"agent":      {"--email", "e2e-agent@example.com", "--role", "agent", "--name", "Maria Lopez", "--languages", "en", "--skills", skills},
		"supervisor": {"--email", "e2e-supervisor@example.com", "--role", "supervisor", "--name", "Sam Patel", "--languages", "en", "--skills", skills},
	}
	const password = "a long console test passphrase"
	for role, args := range staff {
		add := exec.CommandContext(ctx, bin, append([]string{"staff", "add", "--password-stdin"}, args...)...)
		add.Env = env
		add.Stdin = strings.NewReader(password + "\n")
		if out, err := add.CombinedOutput(); err != nil {
			t.Fatalf("ratewise staff add (%s): %v\n%s", role, err, out)
		}
	}

	base, stop, _ := startServer(t, ctx, bin, env)
	defer stop()

	shots := filepath.Join(root, "web/e2e/screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	node := exec.CommandContext(ctx, "node", "console.mjs")
	node.Dir = filepath.Join(root, "web/e2e")
	node.Env = append(os.Environ(), "BASE_URL="+base, "SCREENSHOTS="+shots, "CHROMIUM="+chromiumPath(),
		"AGENT_EMAIL=e2e-agent@example.com", "SUPERVISOR_EMAIL=e2e-supervisor@example.com", "STAFF_PASSWORD="+password)
	out, err := node.CombinedOutput()
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("console browser steps failed (%v); screenshots in %s", err, shots)
	}
}
