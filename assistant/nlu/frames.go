package nlu

import (
	"regexp"
	"strings"
)

// Discussing a situation is not reporting it. "What happens if I can't pay one month?", "what
// does being in arrears mean?", "can collectors call me at work? just asking" name hardship,
// fraud or a call, and none of them is a crisis or a request. A lexicon hit that stands only
// in such a frame is set aside and the classifier, which is told a lexicon matched in a frame
// (see features), decides. Self-harm is never set aside: "what if I just ended it all" is a
// crisis however it is put.
var (
	// whatIf opens a question about a hypothetical; the hit must come after a conditional
	// (condWords) that follows it.
	whatIf = rx(`what happens|what would happen|what will happen|what if|what should i do|what do i do|what can i do|what do you do|what to do|how does it work|` +
		`que pasa|que pasaria|que ocurre|que hago|que debo hacer|que puedo hacer|que se hace|y si|` +
		`que se passe t il|qu'? ?est ce qui se passe|que faire|que dois je faire|qu'? ?est ce que je fais|et si|comment ca se passe|` +
		`was passiert|was geschieht|was mache ich|was tun|was kann ich tun|was macht man|und wenn|` +
		`vad hander|vad gor jag|vad gor man|vad kan jag gora|vad ska jag gora|tank om|och om`)
	condWords = wordSet(`if when whenever case si cuando caso cas wenn falls sobald bei om nar ifall vid`)
	// prevent opens a question about avoiding something: "how do I avoid card skimming?".
	prevent = rx(`how (do|can|could|should) (i|we|you|one) (avoid|prevent|stop|protect|spot|tell|recogni[sz]e|know)|how to (avoid|prevent|spot|protect)|` +
		`como (evito|evitar|puedo evitar|prevengo|me protejo|protegerme|distingo|se si)|` +
		`comment (eviter|m'? ?eviter|me proteger|se proteger|reperer|savoir si|reconnaitre)|` +
		`wie (schutze|vermeide|erkenne) ich|wie kann ich (mich )?(schutzen|vermeiden|erkennen)|woran erkenne ich|` +
		`hur (undviker|skyddar|vet|kanner igen) (jag|man)|hur kan jag (undvika|skydda mig|veta)`)
	ifFrame = map[string]bool{"what if": true, "y si": true, "et si": true, "und wenn": true, "tank om": true, "och om": true}
	// general marks a message as a question in general, whatever it names.
	// Saying one is not in arrears is not telling of hardship: "someone to look over my
	// loans, not behind on any", "Bin nicht im Rückstand, will nur Überblick".
	general = rx(`just asking|asking for a friend|in general|(i'?m|i am) not (unemployed|out of work|behind|in debt)|not (behind|in arrears) (on|with) (any|anything|them|it|my|the)|(never|haven'?t|have not|not) (missed|been late (on|with)) (a|any|one) (payment|repayment|instal?ment)|no arrears|` +
		`no (estoy|voy|vamos|estamos) (atrasad[oa]s?|retrasad[oa]s?)|no tengo (retrasos|atrasos|impagos|deudas atrasadas)|(voy|estoy|vamos) al dia con|` +
		`(je ne suis|on n'? ?est|nous ne sommes) pas en retard|aucun (retard|impaye)|(je suis|on est) a jour (de|dans) mes|` +
		`nicht im (zahlungs)?(ruckstand|verzug)|keine (ruckstande|mahnungen|zahlungsruckstande)|(bin|sind) (mit|bei) (nichts|keiner rate) (im )?(ruckstand|hinterher)|` +
		`(jag )?ligger inte efter|inga (obetalda|forseningar|skulder hos kronofogden)|(har aldrig|har inte) missat (nagon|en) (betalning|inbetalning)|` +
		`i (haven'?t|have not|didn'?t) lost my (job|work|income)|generally speaking|hypothetical(ly)?|in theory|theoretically|out of curiosity|` +
		`en general|por curiosidad|hipoteticamente|en teoria|solo pregunto|no (estoy|me he quedado) (en paro|sin trabajo|desempleado|desempleada)|no (he perdido|perdi) (mi |el )?(trabajo|empleo)|` +
		`en theorie|hypothetiquement|par curiosite|juste pour savoir|je demande juste|je ne suis pas au chomage|(je n'? ?ai|j'? ?ai) pas perdu mon (travail|emploi|boulot)|` +
		`rein hypothetisch|hypothetisch|theoretisch|allgemein gefragt|aus neugier|nur eine frage|(ich bin|bin) nicht arbeitslos|(job|arbeit) nicht verloren|` +
		`hypotetiskt|i teorin|generellt|av nyfikenhet|bara en fraga|undrar bara|(jag ar|ar) inte arbetslos|inte (har )?forlorat (jobbet|mitt jobb)`)
	// definition opens a question about what something is or means.
	definition = regexp.MustCompile(`^(what is|what'?s|whats|what are|what does|what do|define|meaning of|que es|que son|que significa|que quiere decir|qu'? ?est ce que|c'? ?est quoi|que veut dire|que signifie|was ist|was sind|was bedeutet|was heisst|vad ar|vad betyder|vad innebar|how does|how do|how is|how are|` +
		// what something does: "what does a collection agency do?", "vad gör Kronofogden?"
		`que hace|que hacen|que fait|que font|a quoi sert|a quoi servent|was macht|was machen|was tut|wozu dient|vad gor|vad sysslar) `)
	// firstPerson words tell of the writer's own situation, which a definition does not.
	firstPerson = wordSet(`i i'm im i've ive my me mine we our us yo mi mis nos nuestro nuestra nuestros je j' mon ma mes moi nous notre nos ich mein meine meinen meinem meiner mich mir wir unser unsere jag min mitt mina mig vi var vara`)
	// insuredAgainst: an illness after an insurance word is what a policy covers, not the
	// writer's illness ("assurance maladie grave", "försäkring för allvarlig sjukdom").
	insuredAgainst = rx(`(insurance|cover|covers|covered|policy|pay out|seguros?|poliza|cubre|assurances?|couvre|couvre t elle|couvre t il|\w*versicherung\w*|zahlt|deckt|\w*forsakring\w*|tacker)( \S+){0,6}$`)
)

// framed reports whether every match of re in a stands in a topic frame: a general question,
// a definition asked without a word about the writer, or the conditional of a hypothetical.
// It also reports whether re matched at all. Sentences are judged apart, so "What happens if
// I can't pay? I lost my job." still reports a job lost.
func framed(a analysis, re *phrases) (matched, topic bool) {
	flat := strings.TrimSpace(a.flat)
	if !re.MatchString(flat) {
		return false, false
	}
	if general.MatchString(flat) {
		return true, true
	}
	for _, sentence := range sentences(a.raw) {
		toks := tokenize(fold(sentence))
		if a.lang == "" || a.lang == "en" {
			for i, w := range toks {
				toks[i] = correct(w)
			}
		}
		s := strings.Join(joinTerms(toks), " ")
		for _, m := range re.FindAllStringIndex(s) {
			if !inFrame(s, m[0]) {
				return true, false
			}
		}
	}
	return true, true
}

// inFrame reports whether the match starting at byte i of the sentence s is in a topic frame.
func inFrame(s string, i int) bool {
	words := strings.Fields(s)
	if definition.MatchString(s) {
		own := false
		for _, w := range words {
			own = own || firstPerson[w]
		}
		if !own {
			return true
		}
	}
	// "how do I avoid …", before the match.
	if loc := prevent.FindStringIndex(s); loc != nil && loc[1] <= i {
		return true
	}
	// A conditional after a what-if, before the match.
	if loc := whatIf.FindStringIndex(s); loc != nil && loc[1] <= i {
		for _, w := range strings.Fields(s[loc[1]:i]) {
			if condWords[w] {
				return true
			}
		}
		// "what if I lose my job": the frame itself is the conditional.
		if ifFrame[s[loc[0]:loc[1]]] {
			return true
		}
	}
	return false
}

// sentences splits text at the marks that end a sentence.
func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".?!;\n¿¡", r) })
}

// insured reports whether every match of re in a follows an insurance word closely: the
// illness is what a policy covers.
func insured(a analysis, re *phrases) bool {
	flat := strings.TrimSpace(a.flat)
	ms := re.FindAllStringIndex(flat)
	for _, m := range ms {
		if !insuredAgainst.MatchString(strings.TrimSpace(flat[:m[0]])) {
			return false
		}
	}
	return len(ms) > 0
}

// A request for a person can be put together in more ways than any list of phrases holds:
// "could a member of your team look at this?", "¿hay alguien que me pueda atender?", "kann
// sich das ein Berater anschauen?". So a sentence also asks for one when it holds a word for
// a person or the team, a verb of talking, contacting, helping or looking at something, a few
// words apart, and a word that asks (a modal, "want", "please", "is there"). Explaining is left
// out ("can someone explain APR?" asks for an explanation), and so is anything after "with"
// or "like" ("can someone with bad credit…").
type requestWords struct {
	persons, verbs, asks map[string]bool
}

// requestLexicon holds each language's words apart: a word of one language is another word
// in the next (Swedish "personal" is the staff, English "personal" is not a person).
var requestLexicon = map[string]requestWords{
	"en": {
		wordSet(`human humans person people someone somebody anyone anybody adviser advisor advisers advisors agent agents representative rep operator staff specialist expert consultant manager support team colleague`),
		wordSet(`talk speak chat call ring phone contact reach help assist look check review handle deal advise transfer connect put pass message email text discuss go walk`),
		wordSet(`can could may would will want need like prefer please pls plz let i'd get`),
	},
	"es": {
		wordSet(`persona personas humano humanos alguien asesor asesora asesores agente agentes gestor gestora operador operadora empleado empleada especialista experto responsable equipo`),
		wordSet(`hablar llamar llame llamen contactar contacte atender atienda ayudar ayude mirar mire revisar revise asesorar asesore pasar pasame derivar derivas deriva derivame comunicar poner ponme tratar`),
		wordSet(`puedo puede pueden podria podrias podriais quiero quisiera necesito prefiero porfa favor`),
	},
	"fr": {
		wordSet(`personne humain humains quelqu'un qqn qqun conseiller conseillere conseillers agent operateur interlocuteur specialiste expert equipe`),
		wordSet(`parler discuter appeler appelle contacter contacte joindre aider aide m'aider regarder regarde examiner transferer transferez diriger passer mettre echanger rappeler`),
		wordSet(`peux pouvez puis pourrais pourriez pourrait voudrais veux souhaite aimerais besoin faut svp stp`),
	},
	"de": {
		wordSet(`mensch menschen person personen jemand jemanden jemandem wen berater beraterin mitarbeiter mitarbeiterin ansprechpartner ansprechpartnerin sachbearbeiter experte expertin spezialist kundenservice kundendienst team`),
		wordSet(`sprechen reden anrufen anruft kontaktieren helfen hilft weiterhelfen anschauen anschaut ansehen ansieht schauen schaut druberschauen druberschaut prufen pruft beraten weiterleiten verbinden durchstellen besprechen klaren melden meldet`),
		wordSet(`kann konnen konnte konnten mochte will hatte brauche bitte`),
	},
	"sv": {
		wordSet(`manniska manniskor person nagon nan handlaggare radgivare personal kontaktperson specialist expert kundtjanst kundservice`),
		wordSet(`prata pratar snacka snackar tala talar ringa ringer ring kontakta kontaktar hjalpa hjalper titta tittar kolla kollar granska granskar diskutera diskuterar koppla kopplar slussa slussar skicka skickar`),
		wordSet(`kan kunde far vill skulle behover tack`),
	},
}

var (
	askPairs    = [][]string{{"is", "there"}, {"are", "there"}, {"y", "a"}, {"me", "gustaria"}, {"hay", "alguien"}, {"gibt", "es"}, {"finns", "det"}}
	subordinate = wordSet(`if whether si ob om`)
	// notAsking ends the span a person word can be asked for in: "someone with bad credit".
	notAsking = wordSet(`with like con como avec comme mit wie med som`)
)

// composedRequest reports whether a sentence of folded tokens asks for a person (see above),
// in lang, or in any language when lang is "".
func composedRequest(toks []string, lang string) bool {
	for l, w := range requestLexicon {
		if (lang == "" || lang == l) && w.request(toks) {
			return true
		}
	}
	return false
}

// verb reports whether t is one of the verbs, also with a pronoun joined to its end, as
// Spanish writes them ("revisarlo", "llamarme", "ayudarnos").
func (w requestWords) verb(t string) bool {
	if w.verbs[t] {
		return true
	}
	for _, p := range []string{"lo", "la", "los", "las", "le", "les", "me", "nos"} {
		if stem, ok := strings.CutSuffix(t, p); ok && len(stem) > 3 && w.verbs[stem] {
			return true
		}
	}
	return false
}

func (w requestWords) request(toks []string) bool {
	asks := false
	for i, t := range toks {
		if w.asks[t] {
			asks = true
		}
		for _, p := range askPairs {
			if hasAt(toks, i, p) {
				asks = true
			}
		}
	}
	if !asks {
		return false
	}
	const window = 6
	for i, t := range toks {
		// "check if anyone else has a better rate": a person in a clause of its own, or
		// anyone else, is not the person asked for.
		if !w.persons[t] || subordinate[at(toks, i-1)] || at(toks, i+1) == "else" {
			continue
		}
		for j := max(0, i-window); j < len(toks) && j <= i+window; j++ {
			if j > i && notAsking[toks[j]] {
				break
			}
			// "balance transfer" is a product, not a transfer to someone.
			if w.verb(toks[j]) && !(j < i && notAsking[toks[i-1]]) && !(toks[j] == "transfer" && at(toks, j-1) == "balance") {
				return true
			}
		}
	}
	return false
}
