package main

import (
	"context"
	"flag"
	"fmt"
)

// setupSeed loads the demo data. Each domain package adds its own part as it lands; running it
// twice changes nothing.
func setupSeed(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
		}
		if err := seedOffers(ctx, env); err != nil {
			return err
		}
		if err := seedDemoMerchant(ctx, env); err != nil {
			return err
		}
		ix, pool, err := openIndex(ctx, env)
		if err != nil {
			return err
		}
		defer pool.Close()
		if err := seedSearchIndex(ctx, env.Stdout, pool, ix); err != nil {
			return err
		}
		return seedStaff(ctx, env, pool)
	}
}
