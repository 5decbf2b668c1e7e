package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"ratewise/assistant"
)

// setupEvalCommand is `ratewise eval [retrieval]`: with no argument it runs the golden
// conversations through the assistant (`eval retrieval` measures search, see kb.go).
func setupEvalCommand(fs *flag.FlagSet) runFunc {
	retrievalEval := setupEval(fs) // declares --set and -v
	golden := fs.String("golden", "", "golden conversations (YAML) for the assistant evaluation; default: the set shipped with Ratewise")
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
				cases, err = assistant.ParseGoldenCases(b)
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
			_, _, err := syncOfferPassages(ctx, pool, ix)
			return err
		}
		rep, err := assistant.RunEval(ctx, pool, model, search, indexOffers, cases)
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
