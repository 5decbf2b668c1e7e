package retrieval

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sashabaranov/go-openai"

	"ratewise"
)

// fakeEmbeddings is an OpenAI-compatible /embeddings server on loopback. It answers each
// batch in reverse order (servers may), fails the first `failures` calls with status, and
// records the batch sizes it saw.
type fakeEmbeddings struct {
	mu       sync.Mutex
	failures int
	status   int
	batches  []int
	dim      int
	// rejectDimensions answers 400 to a request carrying "dimensions", as Ollama and other
	// servers whose models cannot shorten do; sawDimensions records the field of each request.
	rejectDimensions bool
	sawDimensions    []int
}

func (f *fakeEmbeddings) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/embeddings" {
		http.NotFound(w, r)
		return
	}
	var req struct {
		Input      []string `json:"input"`
		Model      string   `json:"model"`
		Dimensions *int     `json:"dimensions"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req)
	f.mu.Lock()
	dims := 0
	if req.Dimensions != nil {
		dims = *req.Dimensions
	}
	f.sawDimensions = append(f.sawDimensions, dims)
	if req.Dimensions != nil && f.rejectDimensions {
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"message":"unknown field dimensions","type":"invalid_request_error"}}`))
		return
	}
	fail := f.failures > 0
	if fail {
		f.failures--
	} else {
		f.batches = append(f.batches, len(req.Input))
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if fail {
		w.WriteHeader(f.status)
		_, _ = w.Write([]byte(`{"error":{"message":"slow down","type":"rate_limit"}}`))
		return
	}
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	var data []item
	for i := len(req.Input) - 1; i >= 0; i-- {
		v := make([]float32, f.dim)
		// The first number encodes the text's length so the test can check the order.
		v[0] = float32(len(req.Input[i]))
		data = append(data, item{"embedding", i, v})
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": req.Model})
}

func newFakeEmbedder(t *testing.T, f *fakeEmbeddings) *OpenAIEmbedder {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cfg := openai.DefaultConfig("test-key")
	cfg.BaseURL = srv.URL + "/v1"
	e := NewOpenAIEmbedder(openai.NewClientWithConfig(cfg), "text-embedding-3-small", f.dim)
	e.backoff = time.Millisecond
	return e
}

func TestOpenAIEmbedderBatchesAndOrdersByIndex(t *testing.T) {
	t.Parallel()
	f := &fakeEmbeddings{dim: 8}
	e := newFakeEmbedder(t, f)
	e.BatchSize = 3
	texts := []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs {
		if int(v[0]) != len(texts[i]) {
			t.Errorf("vector %d belongs to a text of length %d, want %d", i, int(v[0]), len(texts[i]))
		}
	}
	if got := f.batches; len(got) != 3 || got[0] != 3 || got[2] != 1 {
		t.Errorf("batches = %v, want [3 3 1]", got)
	}
}

func TestOpenAIEmbedderRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		failures int
		wantErr  bool
	}{
		{"429 then success", http.StatusTooManyRequests, 2, false},
		{"503 then success", http.StatusServiceUnavailable, 1, false},
		{"400 is not retried", http.StatusBadRequest, 1, true},
		{"gives up after retries", http.StatusTooManyRequests, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeEmbeddings{dim: 4, status: tt.status, failures: tt.failures}
			e := newFakeEmbedder(t, f)
			e.Retries = 3
			_, err := e.Embed(context.Background(), []string{"x"})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && (ratewise.ErrorCode(err) != ratewise.EUNAVAILABLE || strings.Contains(ratewise.ErrorMessage(err), "slow down")) {
				t.Errorf("err = %v: want unavailable with a public message that hides the provider's text", err)
			}
		})
	}
}

func TestOpenAIEmbedderRejectsWrongDimension(t *testing.T) {
	t.Parallel()
	f := &fakeEmbeddings{dim: 4}
	e := newFakeEmbedder(t, f)
	e.dim = 8
	if _, err := e.Embed(context.Background(), []string{"x"}); err == nil || !strings.Contains(err.Error(), "EMBEDDINGS_DIM") {
		t.Errorf("err = %v, want a dimension mismatch naming EMBEDDINGS_DIM", err)
	}
}

func TestNewEmbedderSendsDimensionsOnlyToShorten(t *testing.T) {
	t.Parallel()
	tests := []struct {
		model    string
		dim      int
		wantDims int // 0: the request has no "dimensions" field
	}{
		{"nomic-embed-text", 8, 0},          // an Ollama model: it cannot shorten and rejects the field
		{"text-embedding-3-small", 1536, 0}, // its native size: nothing to ask
		{"text-embedding-3-small", 8, 8},    // shortened on request
		{"text-embedding-3-large", 1024, 1024},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			f := &fakeEmbeddings{dim: tt.dim, rejectDimensions: tt.wantDims == 0}
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			emb, err := NewEmbedder(tt.model, tt.dim, "", srv.URL+"/v1")
			if err != nil {
				t.Fatal(err)
			}
			vecs, err := emb.Embed(context.Background(), []string{"balance transfer fee"})
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if len(vecs) != 1 || len(vecs[0]) != tt.dim {
				t.Fatalf("got %d vectors", len(vecs))
			}
			if got := f.sawDimensions; len(got) != 1 || got[0] != tt.wantDims {
				t.Errorf("dimensions sent = %v, want [%d]", got, tt.wantDims)
			}
		})
	}
}
