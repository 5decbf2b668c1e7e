package main

import (
	"context"
	"flag"
	"fmt"

	"ratewise/db"
)

func setupMigrate(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
		}
		conn, err := db.Connect(ctx, env.Config.DatabaseURL)
		if err != nil {
			return fmt.Errorf("%w\n  start it with scripts/db.sh (or make run), or set DATABASE_URL", err)
		}
		defer conn.Close(ctx)
		applied, err := db.Migrate(ctx, conn)
		for _, name := range applied {
			fmt.Fprintf(env.Stdout, "applied %s\n", name)
		}
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(env.Stdout, "schema is up to date")
		}
		return nil
	}
}
