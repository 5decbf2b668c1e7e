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
	"ratewise/web"
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

// evalUser makes each golden case's throwaway user through web's account store: an account
// nobody can sign in to, under a reserved domain, removed with what it owns when the case ends.
func evalUser(pool *pgxpool.Pool) assistant.EvalUser {
	users := web.NewUsers(pool)
	return func(ctx context.Context) (int64, func(context.Context) error, error) {
		u, err := users.CreateWithoutPassword(ctx, "eval-"+rand.Text()+"@ratewise.invalid", "Eval")
		if err != nil {
			return 0, nil, err
		}
		return u.ID, func(ctx context.Context) error { return users.Delete(ctx, u.ID) }, nil
	}
}
