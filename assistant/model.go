package assistant

import (
	"context"
	"encoding/json"

	"ratewise/assistant/nlu"
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
	// Turn is what the engine understood of the newest message and remembers of the
	// conversation. The planner acts on it; a language model is given it in its system
	// prompt (see buildPrompt). nil when a request is made outside a turn.
	Turn *TurnContext
}

// TurnContext is the understanding of a turn's message and the conversation's dialogue
// state.
type TurnContext struct {
	Understood nlu.Result
	Dialogue   Dialogue
	// Lang is the language to answer in: the message's, or the conversation's when the
	// message is too short to tell.
	Lang string
}

// ModelReply is a step's outcome: tool calls to run, or the final text.
type ModelReply struct {
	Text      string
	ToolCalls []ToolCall
	// Pending is a question the answer asks that the next message may answer (the
	// planner's questions for a missing figure).
	Pending *Pending
	// Unhelpful marks an answer that could not help (the planner did not understand, or a
	// lookup failed); the engine offers a person with it.
	Unhelpful bool
	// Stated is the holding the user stated that the answer compared, kept so that a
	// correction next ("my rate is actually 11.5%") changes only what it names (the
	// planner's).
	Stated *nlu.Slots
	// Compared is the saved holding the answer compared (its id), kept so that "what if I
	// paid 200 more a month?" next is about it (the planner's).
	Compared int64
	// Searched is what a search the answer listed looked for, kept so that "over 3 years"
	// next changes only the term (the planner's).
	Searched *nlu.Slots
	// Guide is the title of the guide the answer quoted, kept for the next message only, so
	// that "how do I improve it?" asks about that guide's subject (the planner's).
	Guide string
	// Topic is what the answer told about a shown offer, kept for the next message only
	// (the planner's; see Dialogue.Topic).
	Topic string
	// KeepShown keeps the offers shown before: the answer's search only measured a rate
	// against them ("is that a good rate?" after a comparison), and lists nothing new.
	KeepShown bool
	// Score is a credit score the person stated, kept for the rest of the conversation (the
	// planner's; 0 keeps the one kept before).
	Score int
}

// Model is a chat model that can call tools: the OpenAI-compatible client or the offline
// planner. onDelta, if not nil, receives text as it is produced.
type Model interface {
	Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error)
	Name() string
}
