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
	general = rx(`just asking|asking for a friend|in general|generally speaking|hypothetical(ly)?|in theory|theoretically|out of curiosity|` +
		`en general|por curiosidad|hipoteticamente|en teoria|solo pregunto|` +
		`en theorie|hypothetiquement|par curiosite|juste pour savoir|je demande juste|` +
		`rein hypothetisch|hypothetisch|theoretisch|allgemein gefragt|aus neugier|nur eine frage|` +
		`hypotetiskt|i teorin|generellt|av nyfikenhet|bara en fraga|undrar bara`)
	// definition opens a question about what something is or means.
	definition = regexp.MustCompile(`^(what is|what'?s|whats|what are|what does|what do|define|meaning of|que es|que son|que significa|que quiere decir|qu'? ?est ce que|c'? ?est quoi|que veut dire|que signifie|was ist|was sind|was bedeutet|was heisst|vad ar|vad betyder|vad innebar) `)
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
