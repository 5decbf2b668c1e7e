package offers

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Money is an exact amount in the currency of whatever holds it. It embeds decimal.Decimal, so
// arithmetic works directly (m.Add(x) returns a decimal.Decimal). JSON carries it as a string
// with two decimals, rounded half-up once, at presentation; it accepts a string or a number.
type Money struct{ decimal.Decimal }

// Percent is a rate in percent (9.90 means 9.90 %), exact; JSON like Money.
type Percent struct{ decimal.Decimal }

// NewMoney wraps d.
func NewMoney(d decimal.Decimal) Money { return Money{d} }

// NewPercent wraps d (in percent).
func NewPercent(d decimal.Decimal) Percent { return Percent{d} }

// MustMoney parses s and panics on error; for literals in code and tests.
func MustMoney(s string) Money { return Money{decimal.RequireFromString(s)} }

// MustPercent parses s (percent) and panics on error; for literals in code and tests.
func MustPercent(s string) Percent { return Percent{decimal.RequireFromString(s)} }

// Fraction returns the rate as a fraction (9.90 % → 0.099).
func (p Percent) Fraction() decimal.Decimal { return p.Div(hundred) }

// Round2 is the presentation rounding: half-up (away from zero) to two places.
func Round2(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// String2 formats d with exactly two decimals, rounded half-up.
func String2(d decimal.Decimal) string { return d.StringFixed(2) }

func (m Money) String() string   { return String2(m.Decimal) }
func (p Percent) String() string { return String2(p.Decimal) }

// Format prints m with two decimals for %s and %v: without it the embedded Decimal's Format
// is promoted and wins over String, and "1366.90" would print as "1366.9". Other verbs
// (%f with a precision, say) are the Decimal's.
func (m Money) Format(f fmt.State, verb rune) { format2(f, verb, m.Decimal) }

// Format prints p with two decimals for %s and %v, as Money.Format.
func (p Percent) Format(f fmt.State, verb rune) { format2(f, verb, p.Decimal) }

func format2(f fmt.State, verb rune, d decimal.Decimal) {
	switch verb {
	case 's', 'v', 'q':
		fmt.Fprintf(f, fmt.FormatString(f, verb), String2(d))
	default:
		d.Format(f, verb)
	}
}

func (m Money) MarshalJSON() ([]byte, error)   { return json.Marshal(String2(m.Decimal)) }
func (p Percent) MarshalJSON() ([]byte, error) { return json.Marshal(String2(p.Decimal)) }

func (m *Money) UnmarshalJSON(b []byte) error {
	d, err := unmarshalDecimal(b, reflect.TypeFor[Money]())
	if err == nil {
		m.Decimal = d
	}
	return err
}

func (p *Percent) UnmarshalJSON(b []byte) error {
	d, err := unmarshalDecimal(b, reflect.TypeFor[Percent]())
	if err == nil {
		p.Decimal = d
	}
	return err
}

var hundred = decimal.NewFromInt(100)

// errNotDecimal is what parseDecimal returns for anything but a plain decimal number.
type errNotDecimal struct{ s string }

func (e errNotDecimal) Error() string { return "not a decimal number: " + e.s }

// parseDecimal accepts an optional sign, digits and one optional decimal point, nothing else:
// "1e9", "NaN", "1,000" and "" are refused, so a typo never becomes a different amount.
func parseDecimal(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	digits, dot := 0, false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		case (r == '-' || r == '+') && i == 0:
		default:
			return decimal.Decimal{}, errNotDecimal{s}
		}
	}
	if digits == 0 || len(s) > 40 {
		return decimal.Decimal{}, errNotDecimal{s}
	}
	return decimal.NewFromString(s)
}

// unmarshalDecimal decodes a JSON string or number. Failures are *json.UnmarshalTypeError so
// encoding/json adds the field path, which the web layer reports as "field".
func unmarshalDecimal(b []byte, t reflect.Type) (decimal.Decimal, error) {
	s := string(b)
	if s == "null" {
		return decimal.Decimal{}, nil
	}
	what := "value"
	if len(s) > 0 && s[0] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return decimal.Decimal{}, &json.UnmarshalTypeError{Value: "string", Type: t}
		}
		s, what = str, "string that is not a decimal number"
	} else if len(s) > 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
		what = "number that is not a plain decimal"
	} else {
		switch {
		case s == "true" || s == "false":
			what = "bool"
		case strings.HasPrefix(s, "{"):
			what = "object"
		case strings.HasPrefix(s, "["):
			what = "array"
		}
		return decimal.Decimal{}, &json.UnmarshalTypeError{Value: what, Type: t}
	}
	d, err := parseDecimal(s)
	if err != nil {
		return decimal.Decimal{}, &json.UnmarshalTypeError{Value: what, Type: t}
	}
	return d, nil
}

var dateType = reflect.TypeFor[Date]()

// pgDate scans a PostgreSQL date.
type pgDate struct{ time.Time }

func (d *pgDate) Scan(src any) error {
	t, ok := src.(time.Time)
	if !ok {
		return fmt.Errorf("date: unexpected %T", src)
	}
	d.Time = t
	return nil
}

func dateArg(d *Date) any {
	if d == nil {
		return nil
	}
	return d.Time
}
