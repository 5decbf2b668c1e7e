package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"ratewise/db"
	"ratewise/offers"
)

// setupOffers is `ratewise offers import FILE [--partner P] [--dry-run]`.
func setupOffers(fs *flag.FlagSet) runFunc {
	partner := fs.String("partner", "", "the partner every row belongs to (rows may then omit \"partner\")")
	dryRun := fs.Bool("dry-run", false, "validate and count what would change, then change nothing")
	return func(ctx context.Context, env *Env, args []string) error {
		// Flags may follow the positional arguments: parse what remains after each one.
		var pos []string
		for len(args) > 0 {
			if err := fs.Parse(args); err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
			args = fs.Args()
			if len(args) > 0 {
				pos, args = append(pos, args[0]), args[1:]
			}
		}
		if len(pos) == 0 || pos[0] != "import" {
			return fmt.Errorf("%w: the only offers subcommand is import", errUsage)
		}
		if len(pos) != 2 {
			return fmt.Errorf("%w: give exactly one FILE (a JSON array or a CSV with a header)", errUsage)
		}
		name := pos[1]
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := offers.ParseImport(f, offers.FormatOf(name), *partner)
		if err != nil {
			return err
		}
		if err := checkSchema(ctx, env, false); err != nil {
			return err
		}
		pool, err := db.Open(ctx, env.Config.DatabaseURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		opts := offers.ImportOptions{Partner: *partner, DryRun: *dryRun}
		bar := newProgress(env.Stderr, "offers")
		opts.Progress = bar.update
		res, err := offers.NewStore(pool).ImportRows(ctx, rows, opts)
		bar.finish()
		if err != nil {
			var ie offers.ImportErrors
			if errors.As(err, &ie) {
				return err
			}
			return fmt.Errorf("import %s: %w", name, err)
		}
		verb := "imported"
		if res.DryRun {
			verb = "dry run: would import"
		}
		fmt.Fprintf(env.Stdout, "%s %d offers (%d new, %d updated) for %d partner(s) from %s\n", verb, res.Rows, res.Created, res.Updated, res.Partners, name)
		if res.DryRun {
			fmt.Fprintln(env.Stdout, "nothing was changed")
			return nil
		}
		return syncOfferPassagesAfterImport(ctx, env, pool)
	}
}

// seedOffers loads the demo catalogue (idempotent: offers are upserted by partner and
// external id).
func seedOffers(ctx context.Context, env *Env) error {
	pool, err := db.Open(ctx, env.Config.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	res, err := offers.NewStore(pool).SeedDemo(ctx)
	if err != nil {
		return fmt.Errorf("seed offers: %w", err)
	}
	fmt.Fprintf(env.Stdout, "seed: demo catalogue, %d offers from %d partners (%d new, %d updated)\n", res.Rows, res.Partners, res.Created, res.Updated)
	return nil
}
