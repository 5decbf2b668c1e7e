package assistant

import (
	"regexp"
	"strings"
	"unicode"
)

// Handoff reason categories, as stored on the handoff for the agent's context packet.
const (
	ReasonRequested     = "requested"
	ReasonTool          = "tool"
	ReasonFrustration   = "frustration"
	ReasonHardship      = "hardship"
	ReasonBereavement   = "bereavement"
	ReasonFraud         = "fraud"
	ReasonComplaint     = "complaint"
	ReasonVulnerability = "vulnerability"
	ReasonLegal         = "legal"
	ReasonModelFailure  = "model_failure"
)

// Priorities of the handoff queue: sensitive situations are served first.
const (
	PriorityNormal    = 0
	PriorityElevated  = 5
	PrioritySensitive = 10
)

// Trigger says why a conversation should go to a person.
type Trigger struct {
	Category string
	Priority int
	Language string // en, es, fr, de, sv: the language the trigger was written in
	Match    string // the words that triggered it, for the agent's summary

	source       string // who raised it: the detector (""), the consumer's button, the assistant's tool
	selfReported bool   // the category comes from the consumer's own words on the button
}

type triggerRule struct {
	category string
	priority int
	lang     string
	re       *regexp.Regexp
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }

// Sensitive rules come first: a person in hardship who also asks for a human is routed with
// the hardship's priority.
var triggerRules = []triggerRule{
	{ReasonVulnerability, PrioritySensitive, "en", rx(`suicid|kill myself|end my life|self[- ]harm|can'?t cope|cannot cope|dementia|being abused|domestic abuse|coercive`)},
	{ReasonVulnerability, PrioritySensitive, "es", rx(`suicid|quitarme la vida|no puedo más`)},
	{ReasonVulnerability, PrioritySensitive, "fr", rx(`suicid|me tuer|je n'en peux plus`)},
	{ReasonVulnerability, PrioritySensitive, "de", rx(`suizid|selbstmord|ich kann nicht mehr`)},
	{ReasonVulnerability, PrioritySensitive, "sv", rx(`självmord|orkar inte längre|ta mitt liv`)},
	{ReasonBereavement, PrioritySensitive, "en", rx(`passed away|\bdied\b|death of my|bereave|funeral|widow|my late (husband|wife|partner|father|mother)`)},
	{ReasonBereavement, PrioritySensitive, "es", rx(`falleci|murió|fallecimiento|funeral|viud[oa]`)},
	{ReasonBereavement, PrioritySensitive, "fr", rx(`décédé|décès|est mort|funérailles|veu(f|ve)`)},
	{ReasonBereavement, PrioritySensitive, "de", rx(`verstorben|gestorben|todesfall|beerdigung|witwe`)},
	{ReasonBereavement, PrioritySensitive, "sv", rx(`gått bort|avliden|dödsfall|begravning|änka`)},
	{ReasonFraud, PrioritySensitive, "en", rx(`fraud|scam|identity theft|stolen (card|identity)|hacked|unauthori[sz]ed (charge|transaction|payment)|phishing`)},
	{ReasonFraud, PrioritySensitive, "es", rx(`fraude|estafa|robo de identidad|tarjeta robada`)},
	{ReasonFraud, PrioritySensitive, "fr", rx(`fraude|arnaque|escroquerie|usurpation d'identité`)},
	{ReasonFraud, PrioritySensitive, "de", rx(`betrug|identitätsdiebstahl|gehackt`)},
	{ReasonFraud, PrioritySensitive, "sv", rx(`bedrägeri|bluff|id-stöld|kapad`)},
	{ReasonHardship, PrioritySensitive, "en", rx(`can'?t afford|cannot afford|can'?t (make|pay) (my )?(payments?|the loan|rent)|cannot pay|lost my job|unemployed|laid off|behind on (my )?payments|missed (a |my )?payments?|debt collector|bankrupt|hardship|struggling (to pay|with money|financially)|in arrears|foreclos`)},
	{ReasonHardship, PrioritySensitive, "es", rx(`no puedo pagar|perdí mi (trabajo|empleo)|desemplead|atrasad[oa] en (los )?pagos|quiebra|dificultades económicas`)},
	{ReasonHardship, PrioritySensitive, "fr", rx(`je ne peux (pas|plus) payer|perdu mon (travail|emploi)|au chômage|surendett|difficultés financières|impayés`)},
	{ReasonHardship, PrioritySensitive, "de", rx(`kann (nicht|nichts) (mehr )?(zahlen|bezahlen)|arbeitslos|job verloren|zahlungsschwierigkeiten|insolven|mahnung`)},
	{ReasonHardship, PrioritySensitive, "sv", rx(`kan inte betala|förlorat (mitt )?jobb|arbetslös|betalningssvårigheter|kronofogden|inkasso`)},
	{ReasonComplaint, PrioritySensitive, "en", rx(`complaint|complain|ombudsman|escalate|formal grievance`)},
	{ReasonComplaint, PrioritySensitive, "es", rx(`queja|reclamación|reclamar`)},
	{ReasonComplaint, PrioritySensitive, "fr", rx(`réclamation|plainte|porter plainte`)},
	{ReasonComplaint, PrioritySensitive, "de", rx(`beschwerde|beschweren`)},
	{ReasonComplaint, PrioritySensitive, "sv", rx(`klagomål|klaga|anmäla`)},
	{ReasonLegal, PrioritySensitive, "en", rx(`lawyer|attorney|lawsuit|\bsue\b|legal advice|take (you|them) to court`)},
	{ReasonLegal, PrioritySensitive, "es", rx(`abogad|demanda judicial|asesoría legal`)},
	{ReasonLegal, PrioritySensitive, "fr", rx(`avocat|poursuite judiciaire|conseil juridique`)},
	{ReasonLegal, PrioritySensitive, "de", rx(`anwalt|rechtsberatung|verklagen`)},
	{ReasonLegal, PrioritySensitive, "sv", rx(`advokat|jurist|stämma er|juridisk rådgivning`)},

	{ReasonRequested, PriorityNormal, "en", rx(`\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+|some\s+|a\s+real\s+|real\s+|your\s+)?(human|person|agent|advisor|adviser|representative|rep|someone|somebody|people|staff|operator)|\b(human|real person|live agent|real agent)\b.{0,12}(please|now)|\bget me (a|an) (human|person|agent)|customer service|\boperator\b|\bhuman please\b|(connect|transfer) me to`)},
	{ReasonRequested, PriorityNormal, "es", rx(`hablar con (una |un |alguna |algún |alguien|)?(persona|humano|agente|asesor|asesora|operador|alguien)|persona real|agente humano`)},
	{ReasonRequested, PriorityNormal, "fr", rx(`parler (à|a|avec) (un |une |quelqu'un|)?(conseiller|conseillère|humain|personne|agent|quelqu'un|opérateur)|(un )?vrai humain|une vraie personne`)},
	{ReasonRequested, PriorityNormal, "de", rx(`(mit|zu) (einem |einer |einem echten |einer echten )?(menschen?|berater(in)?|mitarbeiter(in)?|person|sachbearbeiter(in)?)\s+(sprechen|reden)|echten menschen|menschlichen berater`)},
	{ReasonRequested, PriorityNormal, "sv", rx(`prata med (en |någon |en riktig )?(människa|person|handläggare|rådgivare|någon|kundtjänst)|riktig människa|verklig person`)},
}

var frustrationRe = rx(`useless|stupid|ridiculous|terrible|worst|waste of (my )?time|fed up|so annoying|pathetic|\bwtf\b|not (at all )?helpful|doesn'?t help|you'?re not helping|this is not working|inútil|no sirve|nul\b|ne sert à rien|nutzlos|bringt nichts|värdelös|hjälper inte`)

// DetectHandoff returns why text (the newest user message) should go to a person, or nil.
// history holds the user's earlier messages in this conversation; asking the same thing again
// counts as frustration.
func DetectHandoff(text string, history []string) *Trigger {
	for _, r := range triggerRules {
		if m := r.re.FindString(text); m != "" {
			return &Trigger{Category: r.category, Priority: r.priority, Language: r.lang, Match: m}
		}
	}
	if m := frustrationRe.FindString(text); m != "" {
		return &Trigger{Category: ReasonFrustration, Priority: PriorityElevated, Language: "en", Match: m}
	}
	if n := normalizeQuestion(text); len(n) >= 12 {
		for _, h := range history {
			if normalizeQuestion(h) == n {
				return &Trigger{Category: ReasonFrustration, Priority: PriorityElevated, Language: "en", Match: "asked the same question again"}
			}
		}
	}
	return nil
}

// normalizeQuestion folds case, punctuation and spacing so "Can I get a cheaper car loan?"
// and "can i get a cheaper car loan" are the same question.
func normalizeQuestion(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
