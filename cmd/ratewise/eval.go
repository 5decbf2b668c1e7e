package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/offers"
)

// setupEvalCommand is `ratewise eval [retrieval]`: with no argument it runs the golden
// conversations through the assistant (`eval retrieval` measures search, see kb.go).
func setupEvalCommand(fs *flag.FlagSet) runFunc {
	retrievalEval := setupEval(fs) // declares --set and -v
	golden := fs.String("golden", "", "golden conversations for the assistant evaluation: a JSON array of cases, as assistant/eval/golden.json; default: the set shipped with Ratewise")
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 && args[0] == "retrieval" {
			return retrievalEval(ctx, env, args)
		}
		if len(args) > 0 {
			return fmt.Errorf("%w: unexpected argument %q (want nothing or `retrieval`)", errUsage, args[0])
		}
		cases, err := assistant.GoldenCases()
		if *golden != "" {
			var b []byte
			if b, err = os.ReadFile(*golden); err == nil {
				if cases, err = assistant.ParseGoldenCases(b); err != nil {
					err = fmt.Errorf("%s: %w", *golden, err)
				}
			}
		}
		if err != nil {
			return err
		}
		// The golden conversations run on what users get: the shipped guides, indexed as
		// `ratewise seed` does (unchanged articles are not re-embedded), and the demo catalogue,
		// which RunEval loads, with its offer passages indexed as serve keeps them.
		ix, pool, err := openIndex(ctx, env)
		if err != nil {
			return err
		}
		defer pool.Close()
		emb := ix.Embedder()
		if err := seedKnowledgeBase(ctx, env, ix); err != nil {
			return err
		}
		model := newChatModel(env.Config)
		fmt.Fprintf(env.Stdout, "assistant quality, model %s, embedder %s, demo catalogue\n", model.Name(), emb.Model())
		var search assistant.Searcher = ix
		indexOffers := func(ctx context.Context) error {
			_, _, err := assistant.SyncOfferPassages(ctx, offers.NewStore(pool), ix)
			return err
		}
		rep, err := assistant.RunEval(ctx, pool, model, search, indexOffers, evalUser(pool), cases)
		if err != nil {
			return err
		}
		rep.WriteTable(env.Stdout)
		if !rep.Passed() {
			return fmt.Errorf("below the documented thresholds")
		}
		return nil
	}
}

// evalUser makes each golden case's throwaway user: an account nobody can sign in to ("!" is
// no password hash) under a reserved domain, removed with what it owns when the case ends.
// The users table is web's, and web has no account API outside its HTTP handlers (signing up
// through them would hash a password per case for nothing); so the composition root, not the
// harness, writes these rows.
func evalUser(pool *pgxpool.Pool) assistant.EvalUser {
	return func(ctx context.Context) (int64, func(context.Context) error, error) {
		var id int64
		err := pool.QueryRow(ctx, `INSERT INTO users (email, password_hash, name) VALUES ($1, '!', 'Eval') RETURNING id`,
			"eval-"+rand.Text()+"@ratewise.invalid").Scan(&id)
		if err != nil {
			return 0, nil, err
		}
		return id, func(ctx context.Context) error {
			_, err := pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
			return err
		}, nil
	}
}
