package assistant

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Masking for staff: the same detectors as Redact, but each piece of personal data keeps at
// most its last four characters ("•••• 4242") so an agent can confirm it with the consumer,
// and each is named (card:1, email:1, …) so a supervisor can reveal exactly one.

// MaskedField is one piece of personal data masked in a text.
type MaskedField struct {
	Field   string `json:"field"`
	Kind    string `json:"kind"`
	Display string `json:"display"`
}

// Kinds of masked data.
const (
	MaskCard    = "card"
	MaskIBAN    = "iban"
	MaskSSN     = "ssn"
	MaskAccount = "account"
	MaskEmail   = "email"
	MaskPhone   = "phone"
)

type span struct {
	start, end int
	kind       string
}

// piiSpans finds the personal data in s, in order, without overlaps. The detectors run in
// Redact's order, and an earlier one wins where two overlap.
func piiSpans(s string) []span {
	var spans []span
	taken := func(a, b int) bool {
		for _, sp := range spans {
			if a < sp.end && sp.start < b {
				return true
			}
		}
		return false
	}
	add := func(re *regexp.Regexp, kind string, ok func(string) bool, group int) {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			a, b := m[2*group], m[2*group+1]
			if a < 0 || taken(a, b) || (ok != nil && !ok(s[a:b])) {
				continue
			}
			spans = append(spans, span{a, b, kind})
		}
	}
	add(emailRe, MaskEmail, nil, 0)
	add(ibanRe, MaskIBAN, validIBAN, 0)
	add(ssnRe, MaskSSN, nil, 0)
	add(cardRe, MaskCard, func(m string) bool { return luhn(digitsOnly(m)) }, 0)
	add(accountRe, MaskAccount, nil, 3)
	add(phoneRe, MaskPhone, func(m string) bool {
		n := len(digitsOnly(m))
		return n >= 9 && n <= 15 && !looksLikeFigure(m)
	}, 0)
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	return spans
}

// lastFour is what a masked value shows: its last four letters or digits, never more than
// half of it.
func lastFour(kind, v string) string {
	var keep []rune
	for _, r := range v {
		// Separators are not data, except in an email, whose last four are its domain's end.
		if kind == MaskEmail || (r != ' ' && r != '-' && r != '.' && r != '(' && r != ')') {
			keep = append(keep, r)
		}
	}
	n := min(4, len(keep)/2)
	return "•••• " + string(keep[len(keep)-n:])
}

// MaskText masks the personal data in s for staff and lists what it masked.
func MaskText(s string) (string, []MaskedField) {
	spans := piiSpans(s)
	if len(spans) == 0 {
		return s, nil
	}
	var b strings.Builder
	var fields []MaskedField
	counts := map[string]int{}
	last := 0
	for _, sp := range spans {
		counts[sp.kind]++
		f := MaskedField{Field: sp.kind + ":" + strconv.Itoa(counts[sp.kind]), Kind: sp.kind, Display: lastFour(sp.kind, s[sp.start:sp.end])}
		fields = append(fields, f)
		b.WriteString(s[last:sp.start])
		b.WriteString("[" + sp.kind + " " + f.Display + "]")
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String(), fields
}

// revealField returns the original value of field (as MaskText named it) in s.
func revealField(s, field string) (string, bool) {
	counts := map[string]int{}
	for _, sp := range piiSpans(s) {
		counts[sp.kind]++
		if sp.kind+":"+strconv.Itoa(counts[sp.kind]) == field {
			return s[sp.start:sp.end], true
		}
	}
	return "", false
}

// staffTextKeys are the fields of a conversation event's data that hold words a person or
// the assistant wrote (tool labels and summaries quote the consumer's input too).
var staffTextKeys = []string{"text", "summary", "label", "message", "reason", "note"}

// StaffEventData is a conversation event's data as a staff stream may carry it, and false
// when the event is not for staff at all. Message events become StaffMessages — text masked,
// what was masked listed for a reveal — exactly as the transcript shows them; every other
// event has its text fields masked. message.delta is never passed on: a piece of an answer can
// end inside a card number, which no mask of the piece would recognise; the whole answer
// follows as message.completed, masked.
func StaffEventData(typ string, data json.RawMessage) (json.RawMessage, bool) {
	switch typ {
	case EventMessageDelta:
		return nil, false
	case EventMessageCreated, EventMessageCompleted:
		var m Message
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, false
		}
		sm := StaffMessage{Message: m}
		sm.Text, sm.Masked = MaskText(m.Text)
		out, err := json.Marshal(sm)
		if err != nil {
			return nil, false
		}
		return out, true
	}
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return data, true // not an object: offer cards, which hold no one's personal data
	}
	changed := false
	for _, k := range staffTextKeys {
		if t, ok := m[k].(string); ok {
			if masked, fields := MaskText(t); len(fields) > 0 {
				m[k] = masked
				changed = true
			}
		}
	}
	if !changed {
		return data, true
	}
	out, err := json.Marshal(m)
	if err != nil {
		return nil, false
	}
	return out, true
}
