package assistant

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db/dbtest"
)

// TestGoldenConversationsOnThePlanner is the quality harness in CI: the shipped golden
// conversations against the offline planner, on the demo catalogue and the shipped articles
// indexed with the local embedder, must meet every threshold.
func TestGoldenConversationsOnThePlanner(t *testing.T) {
	t.Parallel()
	cases, err := GoldenCases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("%d golden conversations, want at least 30", len(cases))
	}
	pool := demoPool(t) // RunEval finds the demo catalogue there and leaves it as it is
	ix := localIndex(pool)
	rep, err := RunEval(context.Background(), pool, Planner{}, ix, offerIndexer(pool, ix), evalUsers(t, pool), cases)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.WriteTable(&out)
	t.Log("\n" + out.String())
	if !rep.Passed() {
		t.Errorf("below thresholds:\n%s", out.String())
	}
	if rep.Ungrounded != 0 || rep.Flagged != 0 || len(rep.Failures) != 0 {
		t.Errorf("the planner should meet every expectation; misses: %v", rep.Failures)
	}
	// The harness cleans up after itself.
	var left int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email LIKE '%@ratewise.invalid'`).Scan(&left); err != nil || left != 0 {
		t.Errorf("eval users left behind: %d (%v)", left, err)
	}
}

func TestEvalCatchesABadModel(t *testing.T) {
	t.Parallel()
	// A model that never hands off and invents a figure must fail the thresholds.
	srv, m := scripted(t)
	for i := 0; i < 10; i++ {
		srv.Push(scriptedTextStep("Sure, you can get 2.5% APR, approved!"))
	}
	cases := []GoldenCase{
		{Name: "greeting", Turns: []GoldenTurn{{User: "hello", Tools: &[]string{}}}},
		{Name: "explain", Turns: []GoldenTurn{{User: "what is APR?", Tools: &[]string{ToolLookupKnowledge}}}},
	}
	pool := dbtest.NewPool(t)
	rep, err := RunEval(context.Background(), pool, m, nil, nil, evalUsers(t, pool), cases)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed() || rep.ToolOK != 1 || rep.Flagged == 0 {
		var out bytes.Buffer
		rep.WriteTable(&out)
		t.Errorf("a bad model passed or was mis-scored:\n%s", out.String())
	}
}

// evalUsers makes the golden cases' users as the composition root does, so the tests see that
// the harness removes each one.
func evalUsers(t *testing.T, pool *pgxpool.Pool) EvalUser {
	var n atomic.Int64
	return func(ctx context.Context) (int64, func(context.Context) error, error) {
		id := newUser(t, pool, fmt.Sprintf("eval-%d@ratewise.invalid", n.Add(1)))
		return id, func(ctx context.Context) error {
			_, err := pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
			return err
		}, nil
	}
}
