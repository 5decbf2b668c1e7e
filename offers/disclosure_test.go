package offers

import (
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var (
	loanExampleRe = regexp.MustCompile(`^Representative example: borrowing [£$€]([\d,]+\.\d\d) over (\d+) months at a rate of interest of ([\d.]+)% p\.a\. \(fixed\)(?: with an origination fee of [£$€]([\d,]+\.\d\d))?\. Representative ([\d.]+)% APR\. (\d+) monthly repayments of [£$€]([\d,]+\.\d\d)(?: \(the last [£$€]([\d,]+\.\d\d)\))?; total amount payable [£$€]([\d,]+\.\d\d)\.$`)
	cardExampleRe = regexp.MustCompile(`purchase rate of ([\d.]+)% p\.a\. \(variable\), your representative rate is ([\d.]+)% APR \(variable\)`)
	payInNRe      = regexp.MustCompile(`paid in (\d+) interest-free instalments of [£$€]([\d,]+\.\d\d).*Rate of interest 0\.00% p\.a\. Representative ([\d.]+)% APR\. Total amount payable [£$€]([\d,]+\.\d\d)\.`)
	statedAPRRe   = regexp.MustCompile(`(?i)representative ([\d.]+)% APR`)
)

func num(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	if s == "" {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return d
}

// exampleAPR recomputes the APR from the figures a representative example states, the way a
// reader (or a regulator) would: Regulation Z or APRC from the amount, fee and repayments;
// with no fee, the rate of interest itself (or its annual compounding).
func exampleAPR(t *testing.T, o Offer, ex string) (stated, recomputed string) {
	t.Helper()
	aprc := o.UsesAPRC()
	annual := func(rate decimal.Decimal) decimal.Decimal {
		if aprc {
			return APRC(monthlyRate(rate))
		}
		return rate
	}
	switch {
	case o.Instalments > 0:
		m := payInNRe.FindStringSubmatch(ex)
		if m == nil {
			t.Fatalf("pay-in-N example %q does not parse", ex)
		}
		return m[3], "0.00"
	case o.ProductType == CreditCard:
		m := cardExampleRe.FindStringSubmatch(ex)
		if m == nil {
			t.Fatalf("card example %q does not parse", ex)
		}
		return m[2], String2(annual(num(t, m[1])))
	}
	m := loanExampleRe.FindStringSubmatch(ex)
	if m == nil {
		t.Fatalf("loan example %q does not parse", ex)
	}
	amount, term, rate, fee := num(t, m[1]), int(num(t, m[2]).IntPart()), num(t, m[3]), num(t, m[4])
	n, pay, last, total := int(num(t, m[6]).IntPart()), num(t, m[7]), num(t, m[8]), num(t, m[9])
	if last.IsZero() {
		last = pay
	}
	if n != term {
		t.Errorf("%q: %d repayments over %d months", ex, n, term)
	}
	if want := MonthlyPayment(amount, rate, term); !pay.Equal(want) {
		t.Errorf("%q: repayment %s, but %s at %s%% over %d months is %s", ex, pay, amount, rate, term, want)
	}
	if sum := pay.Mul(decimal.NewFromInt(int64(n - 1))).Add(last).Add(fee); !sum.Equal(total) {
		t.Errorf("%q: total payable %s, but the repayments and fee add up to %s", ex, total, sum)
	}
	if !fee.IsPositive() {
		return m[5], String2(annual(rate).Round(2))
	}
	i, err := PeriodicRate(amount.Sub(fee), pay, n)
	if err != nil {
		t.Fatalf("%q: %v", ex, err)
	}
	apr := NominalAPR(i)
	if aprc {
		apr = APRC(i)
	}
	return m[5], String2(apr.Round(2))
}

// Every loan offer of the demo catalogue discloses one representative APR: the figure in its
// representative example, in its Offer JSON, on its card and in its description are the same,
// and the example's own figures give it back (CONC 3.5.5R, CCD Art. 4).
func TestRepresentativeAPRIsTheExamplesAPR(t *testing.T) {
	t.Parallel()
	loans := 0
	for _, row := range loadDemo(t) {
		o := row.Offer
		if !o.ProductType.IsLoan() {
			continue
		}
		loans++
		o.ID, o.PartnerName = int64(row.Row), row.PartnerName
		ex := RepresentativeExample(o)
		stated, recomputed := exampleAPR(t, o, ex)
		if stated != recomputed {
			t.Errorf("%s (%s): the example states %s%% APR but its figures give %s%%: %q", o.Name, o.ExternalID, stated, recomputed, ex)
		}
		js := keys(t, o)
		if js["representative_apr"] != stated || js["representative_example"] != ex {
			t.Errorf("%s (%s): Offer JSON representative_apr %v, example APR %s", o.Name, o.ExternalID, js["representative_apr"], stated)
		}
		lo, hi := num(t, js["apr_min"].(string)), num(t, js["apr_max"].(string))
		if rep := num(t, stated); lo.GreaterThan(rep) || rep.GreaterThan(hi) {
			t.Errorf("%s (%s): representative APR %s outside apr_min %s – apr_max %s", o.Name, o.ExternalID, rep, lo, hi)
		}
		h := Holding{Kind: KindLoan, ProductType: o.ProductType, Balance: MustMoney("8000"), APR: MustPercent("24.99"), RemainingMonths: 36}
		cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
		opt := Option{Offer: o}
		if len(cmp.Options) == 1 {
			opt = cmp.Options[0]
		} else if !o.PointOfSale {
			t.Fatalf("%s: %d options", o.Name, len(cmp.Options))
		}
		card := keys(t, NewCard(cmp, opt))
		if card["representative_apr"] != stated || card["representative_example"] != ex {
			t.Errorf("%s (%s): card representative_apr %v, example APR %s", o.Name, o.ExternalID, card["representative_apr"], stated)
		}
		for _, m := range statedAPRRe.FindAllStringSubmatch(o.Description, -1) {
			if m[1] != stated {
				t.Errorf("%s (%s): description says representative %s%% APR, example %s%%", o.Name, o.ExternalID, m[1], stated)
			}
		}
	}
	if loans < 80 {
		t.Errorf("%d loan offers checked, want the whole demo catalogue's", loans)
	}
}

// The defect this guards against: the nominal rate shown as the representative APR with a fee
// computed on top. With a fee the APR is above the rate; without one it is the rate (US) or
// its annual compounding (UK/EU).
func TestRepresentativeAPRIncludesFees(t *testing.T) {
	t.Parallel()
	// The worked check: 10,000 at 9 % over 36 months with a 300 fee is APR 11.09 %,
	// APRC 11.68 %; without the fee, 9 % and (1 + 0.0075)^12 − 1 = 9.38 %.
	tests := []struct {
		name    string
		regions []string
		fee     string
		want    string
	}{
		{"US, 300 fee", []string{"US"}, "300", "11.09"},
		{"GB, 300 fee: APRC", []string{"GB"}, "300", "11.68"},
		{"US, no fee", []string{"US"}, "0", "9.00"},
		{"GB, no fee: APRC", []string{"GB"}, "0", "9.38"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Offer{ProductType: PersonalLoan, Currency: "USD", Regions: tt.regions, Rate: MustPercent("9"),
				OriginationFeeFlat: MustMoney(tt.fee), TermsMonths: []int{36}}
			if got := o.RepresentativeAPR().String(); got != tt.want {
				t.Errorf("representative APR %s, want %s", got, tt.want)
			}
			if ex := RepresentativeExample(o); !strings.Contains(ex, "Representative "+tt.want+"% APR") || !strings.Contains(ex, "9.00% p.a.") {
				t.Errorf("example %q, want rate 9.00%% p.a. and APR %s%%", ex, tt.want)
			}
		})
	}
}
