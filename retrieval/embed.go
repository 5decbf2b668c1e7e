package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sashabaranov/go-openai"

	"ratewise"
)

var (
	_ Embedder = (*LocalEmbedder)(nil)
	_ Embedder = (*OpenAIEmbedder)(nil)
)

// OpenAIEmbedder embeds through an OpenAI-compatible /embeddings endpoint (OpenAI, Azure,
// vLLM, Ollama, llama.cpp server).
type OpenAIEmbedder struct {
	client *openai.Client
	model  string
	dim    int

	// BatchSize is how many texts go in one request; Retries how often a 429 or 5xx is retried.
	BatchSize int
	Retries   int
	// SendDimensions asks the server to shorten its vectors to Dim() numbers (the request's
	// "dimensions" field). Only OpenAI's text-embedding-3 models understand it, and only a size
	// other than their native one is worth asking for; many OpenAI-compatible servers (Ollama,
	// llama.cpp, older vLLM) reject a request that carries it, so it is off unless NewEmbedder
	// knows the model shortens. Without it the server's vectors must already have Dim() numbers.
	SendDimensions bool
	// backoff is the first retry's wait; it doubles with jitter. Tests shorten it.
	backoff time.Duration
}

// NewOpenAIEmbedder returns an embedder that calls model through client, asking for dim
// dimensions.
func NewOpenAIEmbedder(client *openai.Client, model string, dim int) *OpenAIEmbedder {
	return &OpenAIEmbedder{client: client, model: model, dim: dim, BatchSize: 96, Retries: 5, backoff: 500 * time.Millisecond}
}

// Model implements Embedder.
func (e *OpenAIEmbedder) Model() string { return e.model }

// Dim implements Embedder.
func (e *OpenAIEmbedder) Dim() int { return e.dim }

// Embed implements Embedder. Texts go in batches; each batch's vectors are placed by the index
// the server returns, since servers need not answer in order.
func (e *OpenAIEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	size := max(e.BatchSize, 1)
	for start := 0; start < len(texts); start += size {
		end := min(start+size, len(texts))
		batch := make([]string, end-start)
		for i, t := range texts[start:end] {
			// An empty input is an error for most servers; a space embeds as "nothing".
			batch[i] = strings.TrimSpace(t)
			if batch[i] == "" {
				batch[i] = " "
			}
		}
		resp, err := e.create(ctx, batch)
		if err != nil {
			return nil, err
		}
		for _, d := range resp.Data {
			if d.Index < 0 || d.Index >= len(batch) {
				return nil, ratewise.Errorf(ratewise.EUNAVAILABLE, "the embeddings server returned index %d for a batch of %d", d.Index, len(batch))
			}
			if len(d.Embedding) != e.dim {
				return nil, ratewise.Errorf(ratewise.EUNAVAILABLE, "the embeddings model %s returned %d dimensions, EMBEDDINGS_DIM is %d", e.model, len(d.Embedding), e.dim)
			}
			out[start+d.Index] = d.Embedding
		}
		for i := start; i < end; i++ {
			if out[i] == nil {
				return nil, ratewise.Errorf(ratewise.EUNAVAILABLE, "the embeddings server returned no vector for input %d", i)
			}
		}
	}
	return out, nil
}

func (e *OpenAIEmbedder) create(ctx context.Context, batch []string) (openai.EmbeddingResponse, error) {
	req := openai.EmbeddingRequestStrings{Input: batch, Model: openai.EmbeddingModel(e.model)}
	if e.SendDimensions {
		req.Dimensions = e.dim
	}
	wait := e.backoff
	for attempt := 0; ; attempt++ {
		resp, err := e.client.CreateEmbeddings(ctx, req)
		if err == nil {
			return resp, nil
		}
		if attempt >= e.Retries || !retryable(err) {
			return resp, ratewise.Wrap(ratewise.EUNAVAILABLE, err, "the embeddings server failed (model %s)", e.model)
		}
		// Full jitter keeps many clients from retrying in lockstep.
		d := wait/2 + rand.N(wait/2+1)
		select {
		case <-ctx.Done():
			return resp, ctx.Err()
		case <-time.After(d):
		}
		wait *= 2
	}
}

// retryable reports whether err is worth another try: rate limiting, a server error, or the
// network.
func retryable(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode == 429 || apiErr.HTTPStatusCode >= 500
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode == 429 || reqErr.HTTPStatusCode >= 500 || reqErr.HTTPStatusCode == 0
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// NewEmbedder returns the embedder the configuration asks for: model "local" (or empty) is the
// local embedder; any other name is called through the OpenAI-compatible server at baseURL.
func NewEmbedder(model string, dim int, apiKey, baseURL string) (Embedder, error) {
	if dim < 1 || dim > 2000 {
		return nil, ratewise.Invalid("EMBEDDINGS_DIM", "must be from 1 to 2000, got %d", dim)
	}
	if model == "" || model == "local" || model == LocalModel {
		return NewLocalEmbedder(dim), nil
	}
	if apiKey == "" && strings.Contains(baseURL, "api.openai.com") {
		return nil, fmt.Errorf("EMBEDDINGS_MODEL=%s needs OPENAI_API_KEY (or OPENAI_BASE_URL of a local server); use EMBEDDINGS_MODEL=local for the built-in embedder", model)
	}
	cfg := openai.DefaultConfig(apiKey)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	e := NewOpenAIEmbedder(openai.NewClientWithConfig(cfg), model, dim)
	native, shortens := shorteningModels[model]
	e.SendDimensions = shortens && dim != native
	return e, nil
}

// shorteningModels are the models that accept a "dimensions" request field, with their native
// sizes. Other models are asked for their own size and checked against EMBEDDINGS_DIM.
var shorteningModels = map[string]int{
	"text-embedding-3-small": 1536,
	"text-embedding-3-large": 3072,
}
