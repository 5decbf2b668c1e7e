package retrieval

import (
	"context"

	"github.com/sashabaranov/go-openai"
)

// LocalEmbedder is the built-in embedder: no network, deterministic. See local.go.
type LocalEmbedder struct{ dim int }

// NewLocalEmbedder returns the local embedder with dim dimensions.
func NewLocalEmbedder(dim int) *LocalEmbedder { return &LocalEmbedder{dim: dim} }

func (e *LocalEmbedder) Model() string { return LocalModel }
func (e *LocalEmbedder) Dim() int      { return e.dim }
func (e *LocalEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return nil, nil
}

// LocalModel is the model name the local embedder records on its chunks.
const LocalModel = "local-hash-v1"

// OpenAIEmbedder embeds through an OpenAI-compatible /embeddings endpoint.
type OpenAIEmbedder struct {
	client *openai.Client
	model  string
	dim    int
}

// NewOpenAIEmbedder returns an embedder that calls model through client, asking for dim
// dimensions.
func NewOpenAIEmbedder(client *openai.Client, model string, dim int) *OpenAIEmbedder {
	return &OpenAIEmbedder{client: client, model: model, dim: dim}
}

func (e *OpenAIEmbedder) Model() string { return e.model }
func (e *OpenAIEmbedder) Dim() int      { return e.dim }
func (e *OpenAIEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return nil, nil
}

var (
	_ Embedder = (*LocalEmbedder)(nil)
	_ Embedder = (*OpenAIEmbedder)(nil)
)
