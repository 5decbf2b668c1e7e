package assistant

import (
	"context"
	"encoding/json"
)

// ChatMessage is one message of a model request, in the Chat Completions shape.
type ChatMessage struct {
	Role       string // system, user, assistant, tool
	Content    string
	ToolCalls  []ToolCall // assistant messages that asked for tools
	ToolCallID string     // tool messages: the call they answer
}

// ToolCall is a model's request to run a tool. Arguments is the raw JSON the model wrote: model
// output, unmarshalled into a typed struct and validated before use.
type ToolCall struct {
	ID        string
	Name      string
	Arguments string
}

// ToolSpec describes a tool to the model.
type ToolSpec struct {
	Name        string
	Description string
	Parameters  json.RawMessage // JSON schema of the arguments
}

// ModelRequest is one step of a turn.
type ModelRequest struct {
	Messages []ChatMessage
	Tools    []ToolSpec
}

// ModelReply is a step's outcome: tool calls to run, or the final text.
type ModelReply struct {
	Text      string
	ToolCalls []ToolCall
}

// Model is a chat model that can call tools: the OpenAI-compatible client or the offline
// planner. onDelta, if not nil, receives text as it is produced.
type Model interface {
	Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error)
	Name() string
}
