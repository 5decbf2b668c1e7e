package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"ratewise/db"
	"ratewise/offers"
)

// origins is a repeatable --origin flag.
type origins []string

func (o *origins) String() string     { return strings.Join(*o, " ") }
func (o *origins) Set(v string) error { *o = append(*o, v); return nil }

// setupPartner is `ratewise partner add --name N --origin URL… [--json]` and
// `ratewise partner rotate-key P [--json]`. The secret key is printed once and never stored.
func setupPartner(fs *flag.FlagSet) runFunc {
	name := fs.String("name", "", "the merchant's name (partner add; required)")
	var allowed origins
	fs.Var(&allowed, "origin", "an origin (scheme://host[:port]) whose pages may embed the widget; repeat for more (partner add; at least one)")
	asJSON := fs.Bool("json", false, `print {"partner_id","publishable_key","secret_key"} as JSON`)
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) == 0 || (args[0] != "add" && args[0] != "rotate-key") {
			return fmt.Errorf("%w: the subcommands are `partner add` and `partner rotate-key P`", errUsage)
		}
		sub := args[0]
		// Flags may come before or after the partner of rotate-key.
		var pos []string
		for rest := args[1:]; len(rest) > 0; {
			if err := fs.Parse(rest); err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
			rest = fs.Args()
			if len(rest) > 0 {
				pos, rest = append(pos, rest[0]), rest[1:]
			}
		}
		switch {
		case sub == "add" && len(pos) > 0:
			return fmt.Errorf("%w: unexpected argument %q", errUsage, pos[0])
		case sub == "add" && (*name == "" || len(allowed) == 0):
			return fmt.Errorf("%w: --name and at least one --origin are required", errUsage)
		case sub == "rotate-key" && len(pos) != 1:
			return fmt.Errorf("%w: give the partner, by id or name: partner rotate-key P", errUsage)
		}
		if err := checkSchema(ctx, env, false); err != nil {
			return err
		}
		pool, err := db.Open(ctx, env.Config.DatabaseURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		store := offers.NewStore(pool)
		var keys offers.PartnerKeys
		if sub == "add" {
			keys, err = store.AddMerchant(ctx, *name, allowed)
		} else {
			keys, err = store.RotateSecret(ctx, pos[0])
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(env.Stdout).Encode(keys)
		}
		if sub == "add" {
			fmt.Fprintf(env.Stdout, "partner %d: %s\n", keys.PartnerID, *name)
		} else {
			fmt.Fprintf(env.Stdout, "partner %d: new secret key; the previous one keeps working for 24 hours\n", keys.PartnerID)
		}
		fmt.Fprintf(env.Stdout, "publishable key: %s   (for the script tag's data-key)\n", keys.PublishableKey)
		fmt.Fprintf(env.Stdout, "secret key:      %s   (shown once: keep it on your server)\n", keys.SecretKey)
		return nil
	}
}

// Demo merchant: the catalogue's electronics shop, embedding the widget on the demo shop that
// `make run` serves on port 8081. The seed gives it this fixed publishable key (public,
// written in every page of the shop), so reseeding keeps links and docs working; `serve
// --demo-shop` reads the key back from the database rather than repeating it. Its secret key
// is random and printed once by the first seed.
const (
	demoMerchant    = "Pixel & Plank Electronics"
	demoMerchantKey = "pk_demo_pixelplank"
)

var demoShopOrigins = []string{"http://localhost:8081", "http://127.0.0.1:8081"}

// seedDemoMerchant gives the demo merchant its keys and the demo shop's origins (idempotent).
func seedDemoMerchant(ctx context.Context, env *Env) error {
	pool, err := db.Open(ctx, env.Config.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	keys, err := offers.NewStore(pool).EnsureMerchantKeys(ctx, demoMerchant, demoMerchantKey, demoShopOrigins)
	if err != nil {
		return fmt.Errorf("seed demo merchant: %w", err)
	}
	fmt.Fprintf(env.Stdout, "seed: demo merchant %q (partner %d), publishable key %s, allowed on %s\n",
		demoMerchant, keys.PartnerID, keys.PublishableKey, strings.Join(demoShopOrigins, " "))
	if keys.SecretKey != "" {
		fmt.Fprintf(env.Stdout, "seed: its secret key, shown once: %s\n", keys.SecretKey)
	}
	return nil
}
