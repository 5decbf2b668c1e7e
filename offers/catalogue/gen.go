//go:build ignore

// gen writes demo.json, Ratewise's demo catalogue, deterministically. The partners are
// fictional; the rate and premium ranges are those written down in SOURCES.md. Regenerate
// with:
//
//	go run offers/catalogue/gen.go > offers/catalogue/demo.json
//
// External ids are derived from the partner and the offer's position, so regenerating with
// the same code gives the same ids (evaluation sets refer to them).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise/offers"
)

type row map[string]any

var rng = rand.New(rand.NewPCG(2026, 1))

// between returns a value in [lo, hi] rounded to step.
func between(lo, hi, step float64) float64 {
	v := lo + rng.Float64()*(hi-lo)
	return math.Round(v/step) * step
}

func pct(v float64) string   { return fmt.Sprintf("%.2f", v) }
func money(v float64) string { return fmt.Sprintf("%.2f", v) }

// shown writes an amount as the offer's texts do everywhere: with its currency, by
// offers.FormatMoney in the region's locale.
func shown(v float64, currency, region string) string {
	return offers.FormatMoney(decimal.RequireFromString(money(v)), currency, offers.RegionLocale(region))
}

type partner struct {
	name, slug, kind, region, currency, url string
}

var partners = []partner{
	// US lenders
	{"Harborline Bank", "hbl", "lender", "US", "USD", "https://harborline.example"},
	{"Summit Ridge Credit Union", "src", "lender", "US", "USD", "https://summitridge.example"},
	{"Brightpath Lending", "bpl", "lender", "US", "USD", "https://brightpath.example"},
	{"Keystone Auto Finance", "kaf", "lender", "US", "USD", "https://keystoneauto.example"},
	{"Meridian Home Loans", "mhl", "lender", "US", "USD", "https://meridianhome.example"},
	{"Cobalt Student Finance", "csf", "lender", "US", "USD", "https://cobaltstudent.example"},
	{"Northwind Card Services", "nwc", "lender", "US", "USD", "https://northwindcards.example"},
	// UK lenders
	{"Thistle & Oak Bank", "tob", "lender", "GB", "GBP", "https://thistleoak.example"},
	{"Albion Building Society", "abs", "lender", "GB", "GBP", "https://albionbs.example"},
	{"Kingsbridge Finance", "kbf", "lender", "GB", "GBP", "https://kingsbridge.example"},
	{"Severn Motor Finance", "smf", "lender", "GB", "GBP", "https://severnmotor.example"},
	{"Lark Card Co", "lcc", "lender", "GB", "GBP", "https://larkcard.example"},
	// US insurers
	{"Beacon Mutual Insurance", "bmi", "insurer", "US", "USD", "https://beaconmutual.example"},
	{"Redwood Shield Insurance", "rsi", "insurer", "US", "USD", "https://redwoodshield.example"},
	{"Lighthouse Life", "lhl", "insurer", "US", "USD", "https://lighthouselife.example"},
	// UK insurers
	{"Hearthstone Insurance", "hsi", "insurer", "GB", "GBP", "https://hearthstone.example"},
	{"Pennine Assurance", "pna", "insurer", "GB", "GBP", "https://pennine.example"},
	{"Wayfarer Travel Cover", "wtc", "insurer", "GB", "GBP", "https://wayfarer.example"},
	// Merchants offering point-of-sale financing
	{"Pixel & Plank Electronics", "ppe", "merchant", "US", "USD", "https://pixelplank.example"},
	{"Trailhead Outfitters", "tho", "merchant", "US", "USD", "https://trailhead.example"},
	{"Loom & Larch Furniture", "llf", "merchant", "GB", "GBP", "https://loomlarch.example"},
	{"Northstar Bikes", "nsb", "merchant", "GB", "GBP", "https://northstarbikes.example"},
}

func byRegionKind(region, kind string) []partner {
	var out []partner
	for _, p := range partners {
		if p.region == region && p.kind == kind {
			out = append(out, p)
		}
	}
	return out
}

var rows []row
var counters = map[string]int{}

func add(p partner, typ, abbr string, r row) {
	counters[p.slug+abbr]++
	r["partner"] = p.name
	r["partner_kind"] = p.kind
	r["external_id"] = fmt.Sprintf("%s-%s-%02d", p.slug, abbr, counters[p.slug+abbr])
	r["product_type"] = typ
	r["currency"] = p.currency
	if _, ok := r["regions"]; !ok {
		r["regions"] = []string{p.region}
	}
	r["url"] = fmt.Sprintf("%s/%s/%s", p.url, strings.ReplaceAll(typ, "_", "-"), r["external_id"])
	fillAPRs(r)
	rows = append(rows, r)
}

func terms(ts ...int) []int { return ts }

// fillAPRs replaces {rep_apr}, {apr_min} and {apr_max} in a loan's description with the APRs
// Ratewise computes from its rates and fees (offers.Offer.RepresentativeAPR and APRRange), so
// the catalogue's text states the same APR as the offer's representative example.
func fillAPRs(r row) {
	desc, _ := r["description"].(string)
	if !strings.Contains(desc, "{") {
		return
	}
	b, err := json.Marshal([]row{r})
	if err != nil {
		panic(err)
	}
	parsed, err := offers.ParseImport(bytes.NewReader(b), "json", "")
	if err != nil {
		panic(fmt.Sprintf("%s: %v", r["external_id"], err))
	}
	o := parsed[0].Offer
	lo, hi := o.APRRange()
	r["description"] = strings.NewReplacer("{rep_apr}", o.RepresentativeAPR().String(), "{apr_min}", lo.String(), "{apr_max}", hi.String()).Replace(desc)
}

// loan makes a loan offer with credit bands around the representative rate.
func loan(p partner, typ, abbr, name string, lo, rep, hi float64, ts []int, amin, amax float64, fee float64, minScore int, desc, termsText string) row {
	mid := math.Round((rep+hi)/2*100) / 100
	r := row{
		"name": name, "rate": pct(rep), "rate_min": pct(lo), "rate_max": pct(hi),
		"rate_bands":   []map[string]any{{"min_score": 760, "rate": pct(lo)}, {"min_score": 700, "rate": pct(rep)}, {"min_score": 640, "rate": pct(mid)}},
		"terms_months": ts, "amount_min": money(amin), "amount_max": money(amax),
		"origination_fee": pct(fee), "min_credit_score": minScore,
		"description": desc, "terms": termsText,
	}
	return r
}

func main() {
	usL, gbL := byRegionKind("US", "lender"), byRegionKind("GB", "lender")
	usI, gbI := byRegionKind("US", "insurer"), byRegionKind("GB", "insurer")

	// US personal loans: APR 7.99–35.99 %, origination 0–8 %.
	for k := 0; k < 12; k++ {
		p := usL[k%3]
		lo := between(7.49, 11.99, 0.01)
		rep := between(lo+2, lo+8, 0.01)
		hi := between(24.99, 35.99, 0.01)
		fee := []float64{0, 0, 1.99, 3.99, 4.99, 5.99, 7.99, 2.5, 0, 0.99, 6.49, 0}[k]
		r := loan(p, "personal_loan", "pl", fmt.Sprintf("%s Personal Loan %s", strings.Fields(p.name)[0], []string{"Flex", "Plus", "Select"}[k%3]),
			lo, rep, hi, terms(24, 36, 48, 60, 84)[:3+k%3], 1000, []float64{25000, 40000, 50000}[k%3], fee, 600+20*(k%4),
			fmt.Sprintf("Fixed-rate unsecured personal loan for debt consolidation, home improvement or large purchases. APR {apr_min}%%–{apr_max}%% based on credit. %s",
				map[bool]string{true: "No origination fee.", false: fmt.Sprintf("Origination fee %s%% deducted from the loan.", pct(fee))}[fee == 0]),
			"Fixed monthly payments. No prepayment penalty. Funds as soon as the next business day after approval. Autopay discount included in the lowest rate.")
		r["max_dti"] = pct([]float64{40, 45, 50}[k%3])
		r["min_income"] = money([]float64{20000, 25000, 30000}[k%3])
		add(p, "personal_loan", "pl", r)
	}
	// UK personal loans: representative APR 5.9–29.9 %, no fees.
	for k := 0; k < 10; k++ {
		p := gbL[k%3]
		lo := between(5.7, 6.9, 0.1)
		rep := between(6.0, 12.9, 0.1)
		if rep < lo {
			rep = lo
		}
		hi := between(19.9, 29.9, 0.1)
		r := loan(p, "personal_loan", "pl", fmt.Sprintf("%s Personal Loan %d", strings.Fields(p.name)[0], k+1), lo, rep, hi,
			terms(12, 24, 36, 48, 60, 84)[k%2:4+k%3], 1000, 25000+5000*float64(k%3), 0, 560+20*(k%4),
			fmt.Sprintf("Unsecured personal loan from £1,000. Representative {rep_apr}%% APR (fixed rate of interest %s%% p.a.); the rate you are offered depends on your circumstances. No arrangement fee.", pct(rep)),
			"Early repayment: up to 58 days' interest on balances repaid early (Consumer Credit Act). Fixed monthly repayments by direct debit.")
		r["prepayment_penalty"] = "0.50"
		r["max_dti"] = "45.00"
		add(p, "personal_loan", "pl", r)
	}
	// US auto loans: new 5.49–9.5 %, used 7–14.99 %.
	for k := 0; k < 10; k++ {
		p := []partner{usL[3], usL[1], usL[0], usL[3]}[k%4]
		used := k%2 == 1
		lo, hi := between(4.99, 6.49, 0.01), between(11.99, 18.99, 0.01)
		if used {
			lo, hi = between(6.49, 8.49, 0.01), between(14.99, 21.99, 0.01)
		}
		rep := between(lo+0.5, lo+3, 0.01)
		kind := map[bool]string{true: "Used", false: "New"}[used]
		// The fee is named as the representative example names it, once.
		flat := []float64{0, 0, 99, 199}[k%4]
		fee := "no origination fee"
		if flat > 0 {
			fee = "an origination fee of " + shown(flat, p.currency, "US")
		}
		r := loan(p, "auto_loan", "al", fmt.Sprintf("%s %s Auto Loan", strings.Fields(p.name)[0], kind), lo, rep, hi,
			terms(36, 48, 60, 72, 84)[:3+k%3], 5000, 100000, 0, 580+20*(k%3),
			fmt.Sprintf("%s vehicle purchase or auto refinance loan. Rates from %s%% (from {apr_min}%% APR) for strong credit, terms up to %d months, %s.", kind, pct(lo), terms(36, 48, 60, 72, 84)[2+k%3], fee),
			"Vehicle must be under 10 years old with fewer than 125,000 miles. Lien recorded on the title. No prepayment penalty.")
		r["origination_fee_flat"] = money(flat)
		add(p, "auto_loan", "al", r)
	}
	// UK car finance (hire purchase): 7.9–13.9 % APR.
	for k := 0; k < 6; k++ {
		p := []partner{gbL[3], gbL[2]}[k%2]
		rep := between(7.9, 13.9, 0.1)
		r := loan(p, "auto_loan", "al", fmt.Sprintf("%s Car Finance HP %d", strings.Fields(p.name)[0], k+1), rep-1.5, rep, rep+8,
			terms(24, 36, 48, 60), 3000, 60000, 0, 600,
			fmt.Sprintf("Hire purchase car finance, fixed monthly payments, you own the car after the last payment. Representative {rep_apr}%% APR (fixed rate of interest %s%% p.a.).", pct(rep)),
			"The £10.00 origination fee is the option-to-purchase fee. Voluntary termination once half the total amount payable is paid.")
		r["origination_fee_flat"] = "10.00"
		add(p, "auto_loan", "al", r)
	}
	// US mortgages: 30-year fixed 5.99–6.99 %, 15-year 5.25–6.25 %, 0.5–1 % origination.
	for k := 0; k < 8; k++ {
		p := []partner{usL[4], usL[0], usL[1], usL[4]}[k%4]
		fifteen := k%3 == 2
		rep := between(5.99, 6.99, 0.001)
		ts := terms(180, 240, 360)
		if fifteen {
			rep = between(5.25, 6.25, 0.001)
			ts = terms(120, 180)
		}
		r := loan(p, "mortgage", "mo", fmt.Sprintf("%s %d-Year Fixed Mortgage", strings.Fields(p.name)[0], ts[len(ts)-1]/12), rep-0.375, rep, rep+1.25,
			ts, 75000, 806500, between(0.5, 1, 0.125), 620+20*(k%3),
			fmt.Sprintf("Fixed-rate purchase and refinance mortgage, %d-year term, conforming loan amounts up to $806,500. Rate %s%% ({rep_apr}%% APR) with discount points optional.", ts[len(ts)-1]/12, fmt.Sprintf("%.3f", rep)),
			"Closing costs apply (appraisal, title, recording) in addition to the origination charge. Qualified mortgage: no prepayment penalty. Escrow for taxes and insurance available.")
		r["max_dti"] = "43.00"
		add(p, "mortgage", "mo", r)
	}
	// UK mortgages: 2- and 5-year fixes 3.8–5.5 %, £999 fee, early repayment charges.
	for k := 0; k < 7; k++ {
		p := []partner{gbL[1], gbL[0]}[k%2]
		years := []int{2, 5}[k%2]
		rep := between(3.79, 5.49, 0.01)
		r := loan(p, "mortgage", "mo", fmt.Sprintf("%s %d-Year Fixed %d%% LTV", strings.Fields(p.name)[0], years, []int{60, 75, 85, 90}[k%4]), rep-0.3, rep, rep+2.5,
			terms(180, 240, 300, 360), 25000, 1000000, 0, 600,
			fmt.Sprintf("%d-year fixed rate at %s%%, then the lender's standard variable rate. Up to %d%% loan to value. Product fee £999 (can be added to the loan).", years, pct(rep), []int{60, 75, 85, 90}[k%4]),
			fmt.Sprintf("Early repayment charges of %d%% during the fixed period; overpay up to 10%% a year without charge.", []int{2, 5}[k%2]))
		r["origination_fee_flat"] = "999.00"
		r["prepayment_penalty"] = pct([]float64{2, 5}[k%2])
		add(p, "mortgage", "mo", r)
	}
	// US student loan refinancing: 3.99–9.99 % fixed.
	for k := 0; k < 7; k++ {
		p := []partner{usL[5], usL[1], usL[2]}[k%3]
		lo := between(3.99, 4.99, 0.01)
		rep := between(5.49, 7.49, 0.01)
		r := loan(p, "student_loan", "sl", fmt.Sprintf("%s Student Loan Refinance %s", strings.Fields(p.name)[0], []string{"Fixed", "Graduate", "Parent"}[k%3]), lo, rep, between(8.99, 9.99, 0.01),
			terms(60, 84, 120, 180, 240)[:3+k%3], 5000, 300000, 0, 650+10*(k%4),
			"Refinance federal and private student loans into one fixed-rate loan. Refinancing federal loans gives up income-driven repayment and forgiveness programs.",
			"No origination fee, no prepayment penalty. Requires a completed degree. 0.25% autopay discount.")
		r["min_income"] = "30000.00"
		add(p, "student_loan", "sl", r)
	}
	// UK private student loans (postgraduate).
	for k := 0; k < 3; k++ {
		p := gbL[2]
		rep := between(8.9, 15.9, 0.1)
		r := loan(p, "student_loan", "sl", fmt.Sprintf("Kingsbridge Postgraduate Loan %d", k+1), rep-2, rep, rep+10,
			terms(36, 60, 84), 2000, 40000, 0, 550,
			fmt.Sprintf("Private loan for postgraduate tuition and living costs, representative {rep_apr}%% APR (fixed rate of interest %s%% p.a.), repayments can start after graduation.", pct(rep)),
			"Interest accrues during study. Not a government student loan: repayments do not depend on income.")
		add(p, "student_loan", "sl", r)
	}
	// US credit cards: 19.99–29.99 % APR, 0 % balance transfers for 12–21 months, 3–5 % fee.
	for k := 0; k < 8; k++ {
		p := []partner{usL[6], usL[0], usL[1], usL[6]}[k%4]
		rep := between(19.24, 29.99, 0.01)
		r := row{"name": fmt.Sprintf("%s %s Card", strings.Fields(p.name)[0], []string{"Balance Transfer", "Cash Back", "Platinum", "Rewards"}[k%4]),
			"rate": pct(rep), "rate_min": pct(rep - 3), "rate_max": pct(rep + 4),
			"rate_bands":   []map[string]any{{"min_score": 760, "rate": pct(rep - 3)}, {"min_score": 690, "rate": pct(rep)}, {"min_score": 640, "rate": pct(rep + 4)}},
			"promo_months": []int{21, 18, 15, 12}[k%4], "promo_apr": "0.00", "transfer_fee": pct([]float64{5, 3, 4, 3}[k%4]), "transfer_fee_min": "5.00",
			"amount_min": "500.00", "amount_max": money(15000 + 5000*float64(k%3)), "min_credit_score": 670,
			"description": fmt.Sprintf("0%% intro APR on balance transfers for %d months, then a variable {apr_min}%%–{apr_max}%% APR. No annual fee.", []int{21, 18, 15, 12}[k%4]),
			"terms":       fmt.Sprintf("Balance transfer fee %s%% (min $5). Transfers must be made within 4 months of opening. Late payment fee up to $40. Minimum payment 1%% of balance plus interest.", pct([]float64{5, 3, 4, 3}[k%4])),
		}
		add(p, "credit_card", "cc", r)
	}
	// UK credit cards: 0 % balance transfers up to 30 months, 2.9–3.49 % fee, 24.9–34.9 % APR.
	for k := 0; k < 8; k++ {
		p := []partner{gbL[4], gbL[0]}[k%2]
		rep := between(24.9, 34.9, 0.1)
		months := []int{30, 24, 18}[k%3]
		fee := []float64{3.49, 2.99, 0}[k%3]
		r := row{"name": fmt.Sprintf("%s %d-Month Balance Transfer Card", strings.Fields(p.name)[0], months),
			"rate": pct(rep), "rate_min": pct(rep), "rate_max": pct(rep + 5),
			"promo_months": months, "promo_apr": "0.00", "transfer_fee": pct(fee),
			"amount_min": "250.00", "amount_max": "8000.00", "min_credit_score": 620,
			"description": fmt.Sprintf("0%% on balance transfers for %d months (transfer fee %s%%), then %s%% p.a. variable. Representative {rep_apr}%% APR (variable) on a £1,200 limit.", months, pct(fee), pct(rep)),
			"terms":       "Transfers within 60 days of opening. Missing a payment can end the promotional rate. Minimum payment 1% plus interest or £5.",
		}
		add(p, "credit_card", "cc", r)
	}
	// Insurance.
	type ins struct {
		typ, abbr, label   string
		region             string
		premLo, premHi     float64
		cover              []float64
		deduct             []float64
		n                  int
		feature, exclusion string
		monthlyLoading     float64
	}
	for _, spec := range []ins{
		{"auto_insurance", "ai", "Auto", "US", 1600, 3200, []float64{300000, 500000, 100000}, []float64{500, 1000, 250}, 8, "Liability 100/300/100, collision and comprehensive, roadside assistance", "Rideshare driving without the endorsement; wear and tear", 0.05},
		{"auto_insurance", "ai", "Car", "GB", 450, 950, []float64{20000000, 20000000, 5000000}, []float64{250, 350, 500}, 7, "Comprehensive cover, courtesy car, windscreen cover, EU driving 90 days", "Driving other cars; keys left in the vehicle", 0.12},
		{"home_insurance", "hi", "Home", "US", 1500, 3000, []float64{300000, 400000, 250000}, []float64{1000, 2500, 1000}, 7, "Dwelling replacement cost, other structures, personal property, loss of use, liability $300,000", "Flood and earthquake; wear and tear; mould", 0.04},
		{"home_insurance", "hi", "Home", "GB", 250, 600, []float64{500000, 1000000, 350000}, []float64{100, 250, 350}, 6, "Buildings and contents, accidental damage optional, home emergency", "Subsidence in the first 12 months; unoccupied over 60 days", 0.1},
		{"renters_insurance", "ri", "Renters", "US", 140, 300, []float64{30000, 40000, 20000}, []float64{500, 250, 1000}, 5, "Personal property at replacement cost, liability $100,000, additional living expenses", "Roommates' belongings; flood", 0.03},
		{"renters_insurance", "ri", "Contents", "GB", 60, 160, []float64{50000, 35000, 25000}, []float64{100, 50, 150}, 5, "Contents cover for tenants, tenant's liability, personal possessions away from home optional", "Theft without forced entry", 0.08},
		{"travel_insurance", "ti", "Travel", "US", 150, 450, []float64{250000, 500000, 100000}, []float64{0, 100, 250}, 5, "Trip cancellation up to the trip cost, emergency medical, evacuation, baggage", "Pre-existing conditions unless bought within 14 days of the first deposit", 0},
		{"travel_insurance", "ti", "Annual Multi-Trip", "GB", 35, 140, []float64{10000000, 5000000, 2000000}, []float64{75, 100, 0}, 4, "Annual multi-trip Europe or worldwide, medical expenses, cancellation up to £5,000", "Trips over 31 days; winter sports unless added", 0},
		{"life_insurance", "li", "Term Life", "US", 280, 620, []float64{500000, 1000000, 250000}, []float64{0, 0, 0}, 5, "Level term 20 or 30 years, fixed premium, accelerated death benefit", "Suicide in the first two years; misrepresentation on the application", 0},
		{"life_insurance", "li", "Level Term Life", "GB", 110, 300, []float64{200000, 350000, 150000}, []float64{0, 0, 0}, 4, "Level term cover, terminal illness benefit, free while you move home", "Claims from undisclosed conditions", 0},
	} {
		ps := usI
		if spec.region == "GB" {
			ps = gbI
		}
		if spec.typ == "travel_insurance" && spec.region == "GB" {
			ps = []partner{gbI[2], gbI[1]}
		}
		for k := 0; k < spec.n; k++ {
			p := ps[k%len(ps)]
			if spec.typ == "life_insurance" && spec.region == "US" {
				p = []partner{usI[2], usI[0]}[k%2]
			}
			base := between(spec.premLo, spec.premHi, 1)
			cover, ded := spec.cover[k%3], spec.deduct[k%3]
			r := row{"name": fmt.Sprintf("%s %s %s", strings.Fields(p.name)[0], spec.label, []string{"Essential", "Standard", "Premier", "Plus", "Select", "Value", "Complete"}[k%7]),
				"annual_premium": money(base), "coverage_limit": money(cover), "deductible": money(ded),
				"premium_bands": []map[string]any{{"min_score": 760, "annual_premium": money(math.Round(base * 0.85))}, {"min_score": 680, "annual_premium": money(base)}, {"min_score": 300, "annual_premium": money(math.Round(base * 1.25))}},
				"features":      strings.Split(spec.feature, ", "),
				"exclusions":    strings.Split(spec.exclusion, "; "),
				"description": fmt.Sprintf("%s insurance: %s. Cover up to %s, deductible %s. Quoted annual premium from %s for a typical applicant.",
					spec.label, spec.feature, shown(cover, p.currency, spec.region), shown(ded, p.currency, spec.region), shown(base, p.currency, spec.region)),
				"terms": fmt.Sprintf("Exclusions: %s. Premium depends on your details and claims history. 14-day cooling-off period.", spec.exclusion),
			}
			if spec.monthlyLoading > 0 {
				r["monthly_premium"] = money(math.Ceil(base*(1+spec.monthlyLoading)/12*100) / 100)
			}
			add(p, spec.typ, spec.abbr, r)
		}
	}
	// Point-of-sale financing at merchants: pay in 4, 6/12-month 0 % plans, 24-month plans.
	for _, p := range byRegionKind("US", "merchant") {
		add(p, "personal_loan", "pos", row{"name": "Pay in 4", "point_of_sale": true, "instalments": 4, "rate": "0.00",
			"amount_min": "35.00", "amount_max": "1500.00", "terms_months": []int{2},
			"description": "Split your purchase into 4 interest-free payments every two weeks, the first at checkout. Soft credit check.",
			"terms":       "Late fee up to $8 per missed payment, capped at 25% of the order. No interest."})
		for _, plan := range []struct {
			months int
			apr    float64
		}{{6, 0}, {12, 0}, {24, 15.99}} {
			add(p, "personal_loan", "pos", row{"name": fmt.Sprintf("%d-Month Financing", plan.months), "point_of_sale": true,
				"rate": pct(plan.apr), "rate_min": pct(plan.apr), "rate_max": pct(math.Max(plan.apr, 29.99)),
				"amount_min": "200.00", "amount_max": "10000.00", "terms_months": []int{plan.months}, "min_credit_score": 640,
				"description": fmt.Sprintf("%d monthly payments at {rep_apr}%% APR for purchases at checkout. Subject to credit approval.", plan.months),
				"terms":       "Simple interest; not deferred interest: no back-dated interest if paid late. Fixed monthly payments."})
		}
	}
	for _, p := range byRegionKind("GB", "merchant") {
		add(p, "personal_loan", "pos", row{"name": "Pay in 3", "point_of_sale": true, "instalments": 3, "rate": "0.00",
			"amount_min": "30.00", "amount_max": "1000.00", "terms_months": []int{2},
			"description": "Pay in 3 interest-free monthly instalments, the first at checkout.",
			"terms":       "Missed payments may be reported to credit reference agencies; late fee £5."})
		for _, plan := range []struct {
			months int
			apr    float64
		}{{6, 0}, {12, 0}, {24, 19.9}} {
			add(p, "personal_loan", "pos", row{"name": fmt.Sprintf("%d-Month Interest %s Credit", plan.months, map[bool]string{true: "Free", false: "Bearing"}[plan.apr == 0]), "point_of_sale": true,
				"rate": pct(plan.apr), "rate_min": pct(plan.apr), "rate_max": pct(math.Max(plan.apr, 19.9)),
				"amount_min": "250.00", "amount_max": "7500.00", "terms_months": []int{plan.months}, "min_credit_score": 600,
				"description": fmt.Sprintf("Spread the cost over %d months at representative {rep_apr}%% APR. Minimum spend £250.", plan.months),
				"terms":       "Credit subject to status; UK residents 18+. Regulated by the FCA."})
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(rows); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d offers from %d partners\n", len(rows), len(partners))
}
