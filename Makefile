# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /usr/bin/env bash
GO    ?= go
BIN   := bin/ratewise

.PHONY: run test test-nlu test-race test-short fuzz-short db db-stop browser build check bench clean

run: db build ## start the database, migrate, seed the demo data and serve on :8080 (the demo shop on :8081)
	$(BIN) migrate
	$(BIN) seed
	exec $(BIN) serve --demo-shop :8081

# The understanding (assistant/nlu) is tested without the race detector: its tests train and
# cross-validate models, single-threaded arithmetic that -race slows several times (a model on
# the whole corpus: about 6.5 s without it), and its concurrent use (one model shared by every turn) is exercised
# under -race by the packages that call it (assistant, web).
# The longest packages are named first, so they start first and no slow one is left running
# alone at the end (go test starts packages in the order given, as many at once as -p says).
RACE_PKGS = $(shell $(GO) list ./web/e2e ./web ./cmd/ratewise ./assistant ./... | grep -v '/assistant/nlu$$')

# Where the tests (and `make run`) keep the trained understanding between runs (NLU_MODEL_DIR):
# the understanding's own tests run first and keep it; every other test binary and server
# reads it instead of training again. It is named by what it was trained from, so a change
# to the code or the corpus trains a new one.
NLU_MODEL_DIR ?= $(CURDIR)/.cache/nlu
export NLU_MODEL_DIR

# What `make test` runs, side by side: the checks, the short fuzz run, and the tests — the
# understanding's first (they keep the model every other test binary reads), then the rest
# under -race. Most of the suite's time is waiting (servers starting, streams, browsers,
# databases cloned and dropped), not computing, so the steps share the two cores instead of
# taking turns. Each step's output is printed whole when it ends (--output-sync).
test: db browser ## start the database, install the test browser, then make check, the short fuzz run and the whole suite (browser tests included) side by side
	@$(MAKE) --no-print-directory -j3 --output-sync=target check fuzz-short test-race

# How many test packages run at once under -race (go test -p; its default is the number of
# cores). A package spends much of its time waiting — its last seconds are dropping its test
# databases — so one more than the two cores keeps both busy.
TEST_PACKAGES_AT_ONCE ?= 3

test-nlu:
	$(GO) test -count=1 -timeout 10m ./assistant/nlu/

test-race: test-nlu
	$(GO) test -race -count=1 -p $(TEST_PACKAGES_AT_ONCE) -timeout 30m $(RACE_PKGS)

test-short: db ## the inner loop: no checks, no race detector, browser and slow tests skipped (each says so)
	$(GO) test -short ./...

# The fuzz targets of the short run, package:name (docs/fuzzing.md says what each one holds and
# how to run it longer). FuzzParse (assistant/nlu, about 18 s even with the kept model) and
# FuzzIdentityToken (web, whose every worker clones a database) are left to longer runs; their
# corpora still run with every `go test`.
FUZZ_TARGETS ?= offers:FuzzParseImport web:FuzzBindJSON web:FuzzLastEventID web:FuzzWidgetToken \
	assistant:FuzzGuardFigures assistant:FuzzExtractEntities

# A count, not a duration: with a duration, Go 1.26's fuzz coordinator can report its own
# deadline as a failure (go.dev/issue/75804) on a busy machine.
FUZZTIME ?= 2000x

fuzz-short: db ## each fuzz target for FUZZTIME (2000 inputs) on top of its committed corpus
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -parallel 1 ./$$pkg/ 2>&1) || { echo "$$out"; exit 1; }; \
		echo "$$out" | tail -1; \
	done

# staticcheck and deadcode are pinned as tool dependencies in go.mod (`go get -tool`), so
# `go tool` builds the same version everywhere and nothing needs installing first.
check: ## gofmt, go vet, staticcheck, and no unused code (deadcode -test)
	@unformatted=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@dead=$$($(GO) tool deadcode -test ./...) || exit 1; \
	if [ -n "$$dead" ]; then echo "unused code (go tool deadcode -test ./...):"; echo "$$dead"; exit 1; fi

db: ## install (if needed) and start PostgreSQL with pgvector
	@bash scripts/db.sh

browser: ## install (if needed) Chromium and playwright-core for the browser tests in web/e2e
	@bash scripts/browser.sh

db-stop: ## stop the local PostgreSQL cluster
	@bash scripts/db.sh stop

build:
	$(GO) build -o $(BIN) ./cmd/ratewise

bench: db build ## the turn pipeline under load (writes BENCHMARKS.md), then the component benchmarks (docs/benchmarks.md)
	$(BIN) loadtest --report BENCHMARKS.md
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

clean:
	rm -rf bin .cache
