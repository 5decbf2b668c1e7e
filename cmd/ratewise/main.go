// Command ratewise is the composition root: it reads the configuration, migrates, builds the
// services and runs one subcommand. It holds no business logic.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"ratewise"
)

// command is one subcommand. setup declares its flags on fs and returns the function that
// runs it with the remaining arguments; --help uses the same declarations, so they never drift.
type command struct {
	name    string
	summary string
	usage   string
	setup   func(fs *flag.FlagSet) runFunc
}

type runFunc func(ctx context.Context, env *Env, args []string) error

// Env is what a subcommand gets from main: configuration, streams and a logger.
type Env struct {
	Config Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
}

func commands() []command {
	return []command{
		{"serve", "run the HTTP server (all surfaces) until SIGTERM/SIGINT", "serve [--migrate]", setupServe},
		{"migrate", "apply pending database migrations", "migrate", setupMigrate},
		{"seed", "load the demo catalogue and knowledge base (idempotent)", "seed", setupSeed},
		{"offers", "import partner offers from a JSON or CSV file (all rows or none)", "offers import FILE [--partner P] [--dry-run]", setupOffers},
		{"kb", "import knowledge-base articles (Markdown files or a directory)", "kb import PATH", setupKB},
		{"reindex", "re-embed every search chunk with the configured embedding model (resumable)", "reindex", setupReindex},
		{"eval", "assistant quality on the golden conversations; `eval retrieval`: search quality (recall@5, MRR@10, nDCG@10)", "eval [retrieval] [--golden FILE] [--set FILE] [-v]", setupEvalCommand},
		{"loadtest", "measure a chat turn's overhead against a bare relay under load (scripted model on loopback), idle-stream memory and the NOTIFY fan-out", "loadtest [--consumers N] [--turns M] [--report BENCHMARKS.md]", setupLoadtest},
	}
}

// errUsage marks an error that should be followed by the usage text.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name, rest := args[0], args[1:]
	var cmd *command
	for _, c := range commands() {
		if c.name == name {
			cmd = &c
			break
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "ratewise: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	for _, a := range rest {
		if a == "-h" || a == "--help" {
			printCommandUsage(stdout, *cmd)
			return 0
		}
	}
	cfg, err := LoadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "ratewise: %v\n", err)
		return 1
	}
	// Lines logged with a request's context name the request, whichever package logs them.
	log := slog.New(ratewise.LogHandler(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel})))
	env := &Env{Config: cfg, Stdin: stdin, Stdout: stdout, Stderr: stderr, Log: log}
	fs := flagSet(cmd.name)
	runCmd := cmd.setup(fs)
	if perr := fs.Parse(rest); perr != nil {
		err = fmt.Errorf("%w: %v", errUsage, perr)
	} else {
		err = runCmd(ctx, env, fs.Args())
	}
	if err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "ratewise %s: %v\n\n", cmd.name, err)
			printCommandUsage(stderr, *cmd)
			return 2
		}
		fmt.Fprintf(stderr, "ratewise %s: %v\n", cmd.name, err)
		return 1
	}
	return 0
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "ratewise — a digital financial assistant that finds better loan and insurance rates.")
	fmt.Fprintln(w, "\nUsage: ratewise <command> [flags]   (ratewise <command> --help for details)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
	}
	printEnv(w)
}

func printCommandUsage(w io.Writer, c command) {
	fmt.Fprintf(w, "Usage: ratewise %s\n\n%s.\n", c.usage, strings.ToUpper(c.summary[:1])+c.summary[1:])
	fs := flagSet(c.name)
	c.setup(fs)
	if hasFlags(fs) {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	printEnv(w)
}

func printEnv(w io.Writer) {
	fmt.Fprintln(w, "\nEnvironment:")
	for _, v := range envVars {
		def := v.def
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(w, "  %-17s %s (default: %s)\n", v.name, v.help, def)
	}
}

func flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}
