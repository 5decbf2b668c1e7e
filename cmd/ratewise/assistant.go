package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/offers"
)

// newChatModel is the configured model: an OpenAI-compatible server when OPENAI_API_KEY is
// set, the offline planner otherwise.
func newChatModel(cfg Config) assistant.Model {
	if cfg.UsesOfflinePlanner() {
		return assistant.Planner{}
	}
	return assistant.NewOpenAIModel(cfg.OpenAIAPIKey, cfg.OpenAIBaseURL, cfg.OpenAIModel)
}

// newAssistant starts the event bus (LISTEN/NOTIFY) and builds the conversation engine. The
// engine's turn workers start when the caller starts them (serve does at once); close the engine
// on shutdown; the bus stops with ctx.
func newAssistant(ctx context.Context, env *Env, pool *pgxpool.Pool, catalogue *offers.Store, search assistant.Searcher) (*assistant.Engine, error) {
	bus := assistant.NewBus(pool, env.Log)
	if err := bus.Start(ctx); err != nil {
		return nil, fmt.Errorf("event bus: %w", err)
	}
	model := newChatModel(env.Config)
	env.Log.Info("assistant model", "model", model.Name())
	eng := assistant.NewEngine(pool, bus, model, catalogue, search, env.Log)
	eng.Workers, eng.LeaseTTL = env.Config.TurnWorkers, env.Config.TurnLease
	eng.EarlyConversations = env.Config.TurnEarly
	return eng, nil
}
