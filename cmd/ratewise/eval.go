package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/assistant/nlu"
	"ratewise/offers"
	"ratewise/web"
)

// setupEvalCommand is `ratewise eval [retrieval]`: with no argument it runs the golden
// conversations through the assistant (`eval retrieval` measures search, see kb.go).
func setupEvalCommand(fs *flag.FlagSet) runFunc {
	retrievalEval := setupEval(fs) // declares --set and -v
	golden := fs.String("golden", "", "golden conversations for the assistant evaluation: a JSON array of cases, as assistant/eval/golden.json; default: the set shipped with Ratewise")
	heldout := fs.String("heldout", nlu.HeldoutPath, "the understanding's held-out split (JSON lines, as the corpus); measured when the file exists")
	folds := fs.Int("folds", 5, "folds of the cross-validation of the understanding on its training corpus (each trains a model, a few seconds); 0 leaves it out")
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
		if *folds < 0 || *folds == 1 {
			return fmt.Errorf("%w: --folds is 0 (none) or at least 2", errUsage)
		}
		// The understanding first: intents and slots on every split, each against its floors.
		nluOK, err := evalUnderstanding(env, *heldout, *folds)
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
		if !rep.Passed() || !nluOK {
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

// evalUnderstanding measures the assistant's understanding (nlu) on its splits — the training
// corpus by cross-validation (folds of it; the floors are set for 5) and with each of its
// writers held out, and, when the file exists, the held-out split — and prints per-intent precision and recall, slot accuracy and each
// split's floors (nlu.SplitFloors). ok is false when a split is below a floor.
func evalUnderstanding(env *Env, heldoutPath string, folds int) (ok bool, err error) {
	train, err := nlu.Corpus()
	if err != nil {
		return false, err
	}
	var splits []struct {
		name string
		ex   []nlu.Example
	}
	held, found, err := nlu.ReadHeldout(heldoutPath)
	if err != nil {
		return false, fmt.Errorf("%s: %w", heldoutPath, err)
	}
	if found {
		splits = append(splits, struct {
			name string
			ex   []nlu.Example
		}{nlu.SplitHeldout, held})
	} else {
		fmt.Fprintf(env.Stdout, "no held-out split at %s: not measured\n\n", heldoutPath)
	}
	ok = true
	report := func(name string, r nlu.Report) {
		fmt.Fprintf(env.Stdout, "understanding, %s split\n", name)
		r.WriteTable(env.Stdout)
		f := nlu.SplitFloors[name]
		f.WriteFloors(env.Stdout)
		if below := r.Below(f); len(below) > 0 {
			ok = false
			for _, b := range below {
				fmt.Fprintf(env.Stdout, "BELOW FLOOR: %s\n", b)
			}
		}
		fmt.Fprintln(env.Stdout)
	}
	if folds > 0 {
		cv, err := nlu.CrossValidate(train, folds)
		if err != nil {
			return false, err
		}
		report(nlu.SplitCrossValidation, cv)
		// Holding out each writer of the corpus in turn is its nearest measure of messages
		// written by someone the model never read; it is reported, without floors.
		byWriter, all, err := nlu.CrossValidateByWriter(train)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(env.Stdout, "understanding, train with each writer held out (no floors)\n")
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "writer\texamples\tintent\tslots\tsensitive recall\tfalse alarms")
		for _, w := range append(byWriter, nlu.WriterReport{Writer: "all", Report: all}) {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", w.Writer, w.Examples, w.IntentAccuracy(), w.Slots.Accuracy(), w.Sensitive, w.FalseAlarms)
		}
		tw.Flush()
		fmt.Fprintln(env.Stdout)
	}
	// The held-out split is measured as users meet the understanding: the product gives it
	// the catalogue's names with every message (nlu.WithNames).
	names, err := offers.DemoNames()
	if err != nil {
		return false, err
	}
	for _, s := range splits {
		r, err := nlu.Evaluate(s.ex, nlu.WithNames(nlu.NewNames(names...)))
		if err != nil {
			return false, err
		}
		report(s.name, r)
	}
	return ok, nil
}
