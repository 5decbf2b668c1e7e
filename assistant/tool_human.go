package assistant

import (
	"context"
	"slices"

	"ratewise"
)

// humanArgs are request_human's arguments.
type humanArgs struct {
	Reason  string `json:"reason" enum:"requested,hardship,bereavement,fraud,complaint,vulnerability,legal,frustration"`
	Summary string `json:"summary,omitempty" description:"one sentence for the agent"`
}

// humanReasons are the reasons request_human takes; "" counts as requested.
var humanReasons = []string{ReasonRequested, ReasonHardship, ReasonBereavement, ReasonFraud, ReasonComplaint, ReasonVulnerability, ReasonLegal, ReasonFrustration}

// requestHuman hands the conversation to a person. A sensitive reason goes to the front of
// the queue; frustration comes before a plain request.
func requestHuman(a humanArgs) (pendingCall, error) {
	if a.Reason != "" && !slices.Contains(humanReasons, a.Reason) {
		return pendingCall{}, ratewise.Invalid("reason", "Unknown reason %q.", a.Reason)
	}
	cat, prio := a.Reason, PrioritySensitive
	switch cat {
	case ReasonRequested, "":
		cat, prio = ReasonTool, PriorityNormal
	case ReasonFrustration:
		prio = PriorityElevated
	}
	return pendingCall{Label: genericLabel(ToolRequestHuman), exec: func(context.Context) (toolResult, error) {
		r, err := jsonResult(map[string]any{"handoff": "started", "reason": cat})
		r.Handoff = &Trigger{Category: cat, Priority: prio, Language: "en", Match: truncate(a.Summary, 200), source: sourceAssistant}
		r.Summary = "Asked for a person"
		return r, err
	}}, nil
}
