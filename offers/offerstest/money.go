package offerstest

import (
	"regexp"
	"strings"
	"unicode"
)

// amountRe finds what reads as an amount of money: a number with two decimals, grouped or
// not, in the English number conventions the answers are written in.
var amountRe = regexp.MustCompile(`\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}`)

// BareAmounts returns the amounts in text written without their currency: every number
// with two decimals that is not a rate ("24.90%", "7.98–12.10% APR") and has neither a
// currency symbol or code just before it ("$1,234.50", "US$9.99", "CHF 12.00") nor a code
// or symbol just after it ("1,234.50 USD"). Tests use it to hold that every figure a person
// reads carries its currency.
func BareAmounts(text string) []string {
	var bare []string
	for _, m := range amountRe.FindAllStringIndex(text, -1) {
		before, after := text[:m[0]], text[m[1]:]
		if m[0] > 0 && (isDigitOrPoint(before[len(before)-1])) || len(after) > 0 && (isDigitOrPoint(after[0])) {
			continue // part of a longer number the expression split
		}
		if isRate(after) || hasSymbolBefore(before) || hasCodeAfter(after) {
			continue
		}
		bare = append(bare, text[m[0]:m[1]])
	}
	return bare
}

func isDigitOrPoint(b byte) bool { return b >= '0' && b <= '9' || b == '.' || b == ',' }

// rateAfterRe is what follows a rate: "%", or "–12.10%" in a range.
var rateAfterRe = regexp.MustCompile(`^(\s?%|\s?–\s?\d[\d.,]*\s?%)`)

func isRate(after string) bool { return rateAfterRe.MatchString(after) }

// hasSymbolBefore reports a currency symbol ($, £, €, ¥, ₹, "US$", "CA$") or a three-letter
// code (with or without a space) right before the number, after an optional minus sign.
func hasSymbolBefore(before string) bool {
	before = strings.TrimSuffix(strings.TrimSuffix(before, "-"), "−")
	before = strings.TrimRight(before, " \u00a0")
	r := []rune(before)
	if len(r) == 0 {
		return false
	}
	if strings.ContainsRune("$£€¥₹", r[len(r)-1]) {
		return true
	}
	return len(r) >= 3 && isCode(string(r[len(r)-3:])) && (len(r) == 3 || !unicode.IsLetter(r[len(r)-4]))
}

func hasCodeAfter(after string) bool {
	after = strings.TrimLeft(after, " \u00a0")
	r := []rune(after)
	if len(r) > 0 && strings.ContainsRune("$£€¥₹", r[0]) {
		return true
	}
	return len(r) >= 3 && isCode(string(r[:3])) && (len(r) == 3 || !unicode.IsLetter(r[3]))
}

func isCode(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
