package assistant

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// Redaction runs on everything that leaves the process (model requests, logs). The stored
// transcript keeps what the user wrote; staff views mask by role.
var (
	emailRe = regexp.MustCompile(`(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b`)
	ibanRe  = regexp.MustCompile(`(?i)\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b`)
	ssnRe   = regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`)
	// Card numbers: 13–19 digits, optionally grouped by spaces or dashes; Luhn decides.
	cardRe = regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`)
	// Account numbers: a run of 8–17 digits after a word that says so.
	accountRe = regexp.MustCompile(`(?i)\b(account|acct|a/c|konto|cuenta|compte|kontonummer|routing)(\s*(?:number|no\.?|nr\.?|#|num[eé]ro|n[uú]mero)?\s*(?:is|es|est|ist|är)?\s*[:#]?\s*)(\d[\d -]{6,20}\d)`)
	// Phones: international (+...) or grouped national numbers with at least 9 digits.
	phoneRe = regexp.MustCompile(`(?:\+\d{1,3}[\s.\-]?)?\(?\d{2,4}\)?[\s.\-]\d{2,4}[\s.\-]\d{2,4}(?:[\s.\-]\d{2,4})?\b|\+\d{9,14}\b`)
)

// Redact replaces personal data in s with placeholders such as [card], keeping everything else
// (amounts, rates and terms) as it was.
func Redact(s string) string {
	s = emailRe.ReplaceAllString(s, "[email]")
	s = ibanRe.ReplaceAllStringFunc(s, func(m string) string {
		if validIBAN(m) {
			return "[iban]"
		}
		return m
	})
	s = ssnRe.ReplaceAllString(s, "[ssn]")
	s = cardRe.ReplaceAllStringFunc(s, func(m string) string {
		if luhn(digitsOnly(m)) {
			return "[card]"
		}
		return m
	})
	s = accountRe.ReplaceAllString(s, "${1}${2}[account]")
	s = phoneRe.ReplaceAllStringFunc(s, func(m string) string {
		if n := len(digitsOnly(m)); n >= 9 && n <= 15 && !looksLikeFigure(m) {
			return "[phone]"
		}
		return m
	})
	return s
}

// redactStored is Redact(m.Text) for a stored message. Every turn sends its conversation's
// history to the model again, and redacting it all each time was a large part of a busy
// instance's work; each message is redacted once, while it is among the last maxRedacted.
func redactStored(m *Message) string {
	if v, ok := redacted.Load(m.ID); ok {
		// The text is compared, not trusted: ids repeat across databases (tests, or an
		// instance pointed at another one).
		if r := v.(redaction); r.text == m.Text {
			return r.out
		}
	}
	out := Redact(m.Text)
	if m.ID != 0 {
		if redactedCount.Add(1) > maxRedacted {
			redacted.Clear()
			redactedCount.Store(0)
		}
		redacted.Store(m.ID, redaction{text: m.Text, out: out})
	}
	return out
}

// redacted remembers redactStored's answers, text and redaction, for at most maxRedacted
// messages before it starts again (a user's message is at most MaxMessageChars characters,
// an answer of the same order: a few megabytes).
var (
	redacted      sync.Map // message id → redaction
	redactedCount atomic.Int64
)

const maxRedacted = 2000

type redaction struct{ text, out string }

// looksLikeFigure keeps money-like groupings ("15 000 00" is not a phone, "15,000" neither).
func looksLikeFigure(m string) bool {
	return strings.ContainsAny(m, ",") || (strings.Count(m, " ") > 0 && !strings.ContainsAny(m, "+()-.") && len(digitsOnly(m)) < 10)
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// luhn reports whether digits pass the Luhn check card numbers carry.
func luhn(digits string) bool {
	if len(digits) < 13 || len(digits) > 19 {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// validIBAN checks the ISO 13616 mod-97 checksum.
func validIBAN(s string) bool {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	s = s[4:] + s[:4]
	rem := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			rem = (rem*10 + int(r-'0')) % 97
		case r >= 'A' && r <= 'Z':
			v := int(r-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
	}
	return rem == 1
}
