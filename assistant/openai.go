package assistant

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// OpenAIModel is any OpenAI-compatible Chat Completions server (OpenAI, Azure, vLLM, Ollama,
// llama.cpp) through go-openai, streaming when the caller wants deltas.
type OpenAIModel struct {
	client *openai.Client
	model  string
	// StepTimeout bounds one attempt; a server that hangs is cut here, not by an
	// http.Client timeout (which would also cut healthy long streams).
	StepTimeout time.Duration
	// Backoff is the wait before the one retry.
	Backoff time.Duration
}

// modelIdleConns is how many idle connections to the model's server a client keeps for
// the next turns: one for each turn an instance runs at once by default.
const modelIdleConns = DefaultWorkers

// NewOpenAIModel returns a client for baseURL (…/v1) with apiKey and model.
func NewOpenAIModel(apiKey, baseURL, model string) *OpenAIModel {
	cfg := openai.DefaultConfig(apiKey)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	// No Timeout: streams are bounded by contexts. The default transport keeps 2 idle
	// connections to a host, and every turn streams from the same one: at more turns at once,
	// most would open a new connection (and with TLS, a handshake) before the first token.
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = modelIdleConns
	cfg.HTTPClient = &http.Client{Transport: t}
	return &OpenAIModel{client: openai.NewClientWithConfig(cfg), model: model, StepTimeout: 30 * time.Second, Backoff: 500 * time.Millisecond}
}

// Name implements Model.
func (m *OpenAIModel) Name() string { return "openai:" + m.model }

// Complete implements Model: one retry with backoff on 429, 5xx, timeouts and broken streams;
// other errors (a 400, the caller going away) are returned at once.
func (m *OpenAIModel) Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	var lastErr error
	for attempt := 0; attempt < 2; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ModelReply{}, ctx.Err()
			case <-time.After(m.Backoff):
			}
		}
		reply, err := m.once(ctx, req, onDelta)
		if err == nil {
			return reply, nil
		}
		lastErr = err
		if ctx.Err() != nil || !retryable(err) {
			break
		}
	}
	return ModelReply{}, fmt.Errorf("model %s: %w", m.model, lastErr)
}

func retryable(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) && apiErr.HTTPStatusCode != 0 {
		return apiErr.HTTPStatusCode == http.StatusTooManyRequests || apiErr.HTTPStatusCode >= 500
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) && reqErr.HTTPStatusCode != 0 {
		return reqErr.HTTPStatusCode == http.StatusTooManyRequests || reqErr.HTTPStatusCode >= 500
	}
	// Timeouts, dropped connections and garbage in the stream.
	return true
}

func (m *OpenAIModel) request(req ModelRequest, stream bool) openai.ChatCompletionRequest {
	r := openai.ChatCompletionRequest{Model: m.model, Stream: stream, Temperature: 0.2}
	for _, msg := range req.Messages {
		om := openai.ChatCompletionMessage{Role: msg.Role, Content: msg.Content, ToolCallID: msg.ToolCallID}
		for _, c := range msg.ToolCalls {
			om.ToolCalls = append(om.ToolCalls, openai.ToolCall{ID: c.ID, Type: openai.ToolTypeFunction,
				Function: openai.FunctionCall{Name: c.Name, Arguments: c.Arguments}})
		}
		r.Messages = append(r.Messages, om)
	}
	for _, t := range req.Tools {
		r.Tools = append(r.Tools, openai.Tool{Type: openai.ToolTypeFunction, Function: &openai.FunctionDefinition{
			Name: t.Name, Description: t.Description, Parameters: t.Parameters}})
	}
	return r
}

func (m *OpenAIModel) once(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	ctx, cancel := context.WithTimeout(ctx, m.StepTimeout)
	defer cancel()
	if onDelta == nil {
		resp, err := m.client.CreateChatCompletion(ctx, m.request(req, false))
		if err != nil {
			return ModelReply{}, err
		}
		if len(resp.Choices) == 0 {
			return ModelReply{}, errors.New("no choices in the response")
		}
		msg := resp.Choices[0].Message
		reply := ModelReply{Text: msg.Content}
		for _, c := range msg.ToolCalls {
			reply.ToolCalls = append(reply.ToolCalls, ToolCall{ID: c.ID, Name: c.Function.Name, Arguments: c.Function.Arguments})
		}
		return reply, nil
	}

	stream, err := m.client.CreateChatCompletionStream(ctx, m.request(req, true))
	if err != nil {
		return ModelReply{}, err
	}
	defer stream.Close()
	var text []byte
	calls := map[int]*ToolCall{}
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ModelReply{}, err
		}
		if len(chunk.Choices) == 0 {
			continue
		}
		d := chunk.Choices[0].Delta
		if d.Content != "" {
			text = append(text, d.Content...)
			onDelta(d.Content)
		}
		// Tool calls arrive in fragments: the first with id and name, later ones with pieces of
		// the arguments, all keyed by Index.
		for i, tc := range d.ToolCalls {
			idx := i
			if tc.Index != nil {
				idx = *tc.Index
			}
			c := calls[idx]
			if c == nil {
				c = &ToolCall{}
				calls[idx] = c
			}
			if tc.ID != "" {
				c.ID = tc.ID
			}
			if tc.Function.Name != "" {
				c.Name += tc.Function.Name
			}
			c.Arguments += tc.Function.Arguments
		}
	}
	reply := ModelReply{Text: string(text)}
	idxs := make([]int, 0, len(calls))
	for i := range calls {
		idxs = append(idxs, i)
	}
	sort.Ints(idxs)
	for _, i := range idxs {
		c := calls[i]
		if c.Name == "" {
			return ModelReply{}, fmt.Errorf("tool call %d has no name", i)
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("call_%d", i)
		}
		reply.ToolCalls = append(reply.ToolCalls, *c)
	}
	return reply, nil
}
