package nlu

import "strings"

// The safety net: phrase lexicons that catch what must never be missed even when the model is
// unsure. Each phrase says that something has happened or is felt ("my card was stolen",
// "I want to end it all"), never just a topic word: "how do I avoid loan scams?" and "what
// happens to my loan if I die?" mention fraud and death and are questions, not crises.
// Patterns are written over folded text (no accents, lower case, one space between tokens).

// person nouns, for deaths: "my car died" is not a bereavement.
const (
	personEN = `husband|wife|partner|mum|mom|mother|dad|father|son|daughter|brother|sister|grandmother|grandfather|grandma|grandpa|gran|nan|fiance|fiancee|uncle|aunt|boyfriend|girlfriend|child|baby|spouse|parents?`
	personES = `marido|esposo|esposa|mujer|madre|padre|hijo|hija|hermano|hermana|abuelo|abuela|pareja|novio|novia|mama|papa`
	personFR = `mari|femme|epouse|epoux|pere|mere|fils|fille|frere|soeur|conjoint|conjointe|compagnon|compagne|grand mere|grand pere|papa|maman`
	personDE = `mann|frau|ehemann|ehefrau|vater|mutter|sohn|tochter|bruder|schwester|partner|partnerin|oma|opa|grossvater|grossmutter|papa|mama`
	personSV = `man|fru|pappa|mamma|son|dotter|bror|syster|sambo|partner|farfar|farmor|morfar|mormor|make|maka`
)

var safetyRules = []struct {
	intent string
	re     *phrases
}{
	{SelfHarm, rx(strings.Join([]string{
		// English
		`kill(ing)? myself|end(ing)? (it all|my life|my own life)|take (my|my own) life|taking my (own )?life|suicid\w*|want(ed)? to die|wanna die|wish i (was|were) dead|` +
			`(don'?t|do not|dont) want to (live|be alive|be here|exist|wake up)|not (want to )?wake up|go to sleep and not wake|better off without me|` +
			`no (point|reason) (in )?(living|to live|to keep living|going on|to go on)|(don'?t|cant|can'?t) see the point (in|of) (living|life|going on)|` +
			`can'?t go on (like this|anymore|with (this|all this|all of this|it|life|my life))|can'?t go on$|cannot go on|can'?t keep going|can'?t do this anymore|` +
			`hurt(ing)? myself|harm(ing)? myself|self harm|cut(ting)? myself|jump(ing)? (off|from) (a|the) (bridge|building|roof)|overdose|pills saved|` +
			`nobody would (miss|care if) me|no one would miss me|(disappear|be gone) (forever|permanently)|goodbye (letter|note)|done with (life|living)|` +
			`last message i'?ll|feel like ending it|end it all|stop forever|(if|when) i (die|was gone|am gone|were gone|'m gone)( \\S+){0,8} (best|better|easier)`,
		// Spanish
		`quitarme la vida|acabar con (todo|mi vida)|no quiero (seguir )?(vivir|viviendo)|me quiero morir|quiero morir(me)?|estarian mejor sin mi|` +
			`no quiero despertar|hacerme dano|no (le )?veo sentido a (seguir|vivir|la vida)|quiero desaparecer|ya no (puedo|aguanto) mas|matarme`,
		// French
		`mettre fin a mes jours|me tuer|en finir (avec la vie|avec tout)|je veux en finir$|je ne veux plus vivre|envie de mourir|veux mourir|` +
			`mieux sans moi|plus me reveiller|me faire du mal|je n'? ?en peux plus|plus l'? ?interet de (continuer|vivre)|veux disparaitre`,
		// German
		`selbstmord\w*|mir das leben (zu )?nehmen|mich umbringen|nicht mehr leben|sterben (will|mochte)|(will|mochte) sterben|` +
			`besser (dran )?ohne mich|ohne mich (waren|ware) \w+ besser|dem ganzen ein ende|(alles|leben) (hat )?keinen sinn mehr|` +
			`es hat alles keinen sinn|nicht mehr aufwachen|mir (etwas|was) antun|will verschwinden|ich kann nicht mehr$`,
		// Swedish
		`sjalvmord\w*|ta mitt (eget )?liv|ta livet av mig|vill inte leva|vill do|battre utan mig|gora slut pa (allt|mitt liv)|` +
			`ingen mening (med nagot|med livet|att leva)|vill inte vakna|skada mig sjalv|orkar inte (leva|mer|langre)|vill forsvinna`,
	}, "|"))},
	{Fraud, rx(strings.Join([]string{
		`stole (my|all my) (identity|card|cards|details|wallet|purse|phone|money|savings)|` +
			`(card|cards|identity|wallet|purse|phone|details|information|info|account|email|password) (was|were|has been|have been|got|been|got been) (stolen|cloned|hacked|compromised|skimmed)|` +
			`(been|got|was|were|i'?ve been|get) (scammed|defrauded|hacked|phished|conned|tricked)|scammed|romance scam|` +
			`(never|didn'?t|did not) (made|make|authori[sz]e\w*|took out|take out)|(don'?t|do not|didn'?t|did not) recogni[sz]e|` +
			`(didn'?t|did not|never) do( them| it)?$|` +
			`unauthori[sz]ed|without (my )?permission|(opened|took out|taken out|applied for|open|take out)( \S+){0,6} in my name|` +
			`pretend(ing|ed)? to be|claiming to be|gave (them|him|her|someone|a stranger|the caller) my|clicked (a|on a|the) (link|fake)|` +
			`fake (lender|investment|bank|website)|sent (him|her|them) (all )?my (money|savings)|lost my (wallet|purse|card|cards)|` +
			`identity (was )?stolen|steal my identity|victim of (identity theft|fraud|a scam)|using my (card|details|identity|social security)|` +
			`my card (has been )?used in|paid (a |an |the )?(\\S+ )?(fee|deposit) (upfront|up front|in advance)`,
		`me (han )?(robado|robaron|clonado|clonaron|estafado|estafaron|hackeado|hackearon|enganado|enganaron)|robo de identidad|` +
			`robado la identidad|(pidio|pidieron|abrio|abrieron|saco|sacaron|solicito)( \S+){0,6} a mi nombre|haciendose pasar|` +
			`que no (hice|he hecho|reconozco|autorice)|tarjeta robada|enlace falso`,
		`(on m'? ?a|m'? ?a|m'? ?ont) (vole|pirate|arnaque|escroque)|vol de (ma )?carte|usurp\w* (mon |d'? ?)identite|usurpation d'? ?identite|` +
			`(pris|contracte|ouvert)( \S+){0,6} a mon nom|fait passer pour|que je n'? ?ai pas (faits?|effectues?|autorises?)|` +
			`prelevements? (inconnus?|frauduleux)|faux lien|a ete (pirate|piratee|volee?)|fait arnaquer|fait escroquer`,
		`(wurde|wurden|ist|sind) (mir )?(gestohlen|gehackt|geklaut|kopiert)|identitatsdiebstahl|auf meinen namen|` +
			`als (meine|die) bank ausgegeben|(die|zahlungen|abbuchungen) ich nicht (gemacht|getatigt|autorisiert)|unbekannte abbuchungen|` +
			`wurde (um \S+ \S+ )?betrogen|phishing link`,
		`(blivit|blev|har blivit) (stulet|stulen|stulna|kapat|kapad|hackat|hackad|lurad|lurade|bedragen)|stulit min|(tagit|tog|ansokt|ansokte|oppnat|oppnade)( \S+){0,4} i mitt namn|` +
			`latsades vara|jag inte (har )?gjort|okanda (dragningar|kop|uttag)|falsk lank|id stold`,
	}, "|"))},
	{Bereavement, rx(strings.Join([]string{
		`passed away|(` + personEN + `) (just |recently |suddenly )?(died|passed|was killed|is dead|has died)|my late (` + personEN + `)|` +
			`bereave\w*|widow(ed|er)?|executor of|death in the family|lost (my|our) (` + personEN + `)|funeral|` +
			`(he|she) passed (away|yesterday|last \\S+|recently|on)|(he|she) (just |suddenly )?died`,
		`(fallecio|ha fallecido|murio|ha muerto) (mi|el|la) (` + personES + `)|mi (` + personES + `) (ha )?(fallecido|fallecio|murio|muerto|ha muerto)|` +
			`viud[oa]|perdi a mi (` + personES + `)|funeral`,
		`(mon|ma) (` + personFR + `) (est|vient de|viens de) (decede|decedee|deceder|mort|morte|parti|partie)|veu(f|ve)|` +
			`j'? ?ai perdu (mon|ma) (` + personFR + `)|deces de (mon|ma)|obseques|funerailles`,
		`(mein|meine) (` + personDE + `)( \S+){0,5} (verstorben|gestorben|tot)|witwe\w*|verwitwet|` +
			`(meinen|meine) (` + personDE + `) verloren|todesfall in der familie|beerdigung`,
		`(min|mitt) (` + personSV + `)( \S+){0,2} (gatt bort|gick bort|dog|ar dod|avled|avlidit)|jag ar anka|ankling|` +
			`forlorat min (` + personSV + `)|begravning`,
	}, "|"))},
	{Vulnerability, rx(strings.Join([]string{
		`diagnosed with|(i have|i'?ve got|i got|i'?m fighting|i'?m battling|i am fighting|i'?m living with) (\S+ )?(cancer|dementia|alzheimer'?s|ms|parkinson'?s|a terminal illness|a brain tumou?r)|chemo\w*|` +
			`terminal(ly)? ill\w*|dementia|alzheimer\w*|had a stroke|brain injury|(i'?m|i am) disabled|my disability|wheelchair|` +
			`(is|being) abusive|abus(ed|ing) me|controls (all )?(our|my) money|forces me|partially sighted|` +
			`(i'?m|i am|i'?ve been|been|was) (\S+ )?(in|into) hospital|hospitali[sz]ed|seriously ill|severe (anxiety|depression)|bipolar|can'?t read (very )?well|threatening me|pressur\w* me`,
		`diagnosticad[oa]|tengo (un )?cancer|demencia|alzheimer|discapacidad|me maltrata|maltrato|enfermedad grave|muy enferm[oa]`,
		`diagnostique|j'? ?ai (un )?cancer|demence|alzheimer|handicap\w*|est violent|gravement malade|maladie grave|hospitalise|troubles de la memoire`,
		`habe krebs|krebsdiagnose|demenz|alzheimer|schwerbehindert|behinderung|gewalttatig|schwer krank|schwere krankheit|(bin|liege) (\S+ )?im krankenhaus`,
		`(har|fatt) cancer|demens|alzheimer|funktionsnedsattning|valdsam\w*|svart sjuk|allvarlig sjukdom|(ligger|ar) pa sjukhus`,
	}, "|"))},
	{Hardship, rx(strings.Join([]string{
		`lost (my|his|her|our) (job|income|work)|laid off|made redundant|unemployed|` +
			`(can'?t|cannot|unable to) (afford|pay|make|keep up|cover|meet)( \S+){0,3} (loan|loans|payments?|mortgage|rent|bills?|card|installments?)|` +
			`^(can'?t|cannot) pay|(can'?t|cannot) pay (anymore|any of|my|it|this)|behind on|fallen behind|fell behind|in arrears|arrears on|missed (\S+ )?payments|` +
			`debt collect\w*|collection agency|repossess(ed|ing)? (my|our)|threaten\w* to repossess|foreclosure notice|facing foreclosure|(in|into) foreclosure|` +
			`(going|gone|went|declar\w*|filing for|file for|i'?m|i am) bankrupt\w*|(about|going) to default|defaulted|drowning in debt|` +
			`struggling (to pay|financially|with (money|debt|payments|bills))|no income|money is (really |so )?tight|` +
			`doesn'?t cover my|payment bounced|hours (got )?cut|business (failed|went under|collapsed|went bust)`,
		`perdi (mi|el) (trabajo|empleo)|me (han )?despedido|en (el )?paro|desemplead\w*|no (puedo|podemos) pagar|no me llega|` +
			`atrasad[oa] en|cobradores|embargar|embargo de|en quiebra|ahogad[oa] en deudas|dificultades economicas`,
		`perdu (mon|son) (travail|emploi|boulot)|licencie|au chomage|ne (peux|peut|pouvons) (plus|pas) payer|n'? ?arrive (pas|plus) a payer|` +
			`impayes?|huissiers?|surendett\w*|difficultes financieres|je ne m'? ?en sors plus`,
		`(job|arbeit|stelle) verloren|arbeitslos|(wurde|bin|wurden) gekundigt|nicht (mehr )?(be)?zahlen|im ruckstand|inkasso|mahnung|uberschuldet|` +
			`zahlungsschwierigkeit\w*|privatinsolvenz|nicht mehr hinterher`,
		`forlorat (mitt )?jobb\w*|uppsagd|arbetslos|kan inte betala|ligger efter|inkasso|kronofogden|betalningssvarigheter|` +
			`klarar inte (av )?(avbetalningarna|raterna|rakningarna|betalningarna)`,
	}, "|"))},
}

// safetyNet returns the sensitive intent the lexicons find in a, self-harm first, or "".
func safetyNet(a analysis) string {
	flat := strings.TrimSpace(a.flat)
	for _, r := range safetyRules {
		if r.re.MatchString(flat) {
			return r.intent
		}
	}
	return ""
}

// Requests for a person. A message that is only a name for a person ("human", "agent please",
// "berater") is a request whatever the model says; so are the phrases below.
var (
	humanAlone = map[string]bool{
		"human": true, "humans": true, "a human": true, "real human": true, "human being": true, "agent": true, "agents": true, "an agent": true,
		"live agent": true, "real agent": true, "person": true, "a person": true, "real person": true, "a real person": true, "representative": true,
		"rep": true, "operator": true, "advisor": true, "adviser": true, "customer service": true, "support": true, "someone": true, "somebody": true,
		"humano": true, "un humano": true, "agente": true, "un agente": true, "persona": true, "una persona": true, "persona real": true, "asesor": true, "operador": true,
		"humain": true, "un humain": true, "conseiller": true, "un conseiller": true, "une personne": true, "vraie personne": true, "une vraie personne": true, "operateur": true,
		"mensch": true, "ein mensch": true, "berater": true, "mitarbeiter": true, "echte person": true, "sachbearbeiter": true,
		"manniska": true, "en manniska": true, "handlaggare": true, "radgivare": true, "en person": true, "riktig person": true, "kundtjanst": true,
	}
	// politeness words dropped before looking a message up in humanAlone.
	politeness = rx(`please|now|asap|pls|plz|por favor|porfa|porfavor|ya|s'? ?il vous plait|s'? ?il te plait|svp|stp|bitte|sofort|tack|nu|then|just|i want|i need|want|need|quiero|je veux|ich will|jag vill ha`)
	humanRe    = rx(strings.Join([]string{
		`(talk|speak|chat) (to|with) (a |an |some |the |your |one of your )?(real |actual |live |human |financial |customer service )?(human|person|people|agent|advis[oe]r|representative|rep|someone|somebody|anyone|anybody|operator|manager|staff|being)|` +
			`(someone|somebody|a person|an agent|an advis[oe]r) (to )?(call|phone|ring|email|contact) me|(can|could|would|will|please|pls) (\S+ )?(call|phone|ring) me|` +
			`^(call|phone|ring) me|call ?back|(put|transfer|connect|hand|pass|get) me (through |over )?(to|with) (a |an |the |your )?(human|person|agent|advis|customer service|support|someone|operator|representative)|` +
			`get me (a |an )?(real |live )?(human|person|agent|someone|somebody|rep)|real (person|human|agent|advis[oe]r|rep)|live (agent|person)|actual person|` +
			`(not|than) (a|to a|with a) (bot|robot|machine)|(don'?t|do not) want (to talk to )?a (bot|robot|machine)|human being|` +
			`(anyone|someone|somebody) i can (talk|speak) to|phone number i can call|have someone contact me|help from a (human|person)|` +
			`(a|some|an|real) (person|human|advis[oe]r|agent) (to )?(look at|check|review|go through|help me)|i want (a |an )?(real |live )?(human|person|agent)|` +
			`(a |an )?(real )?(human|person|agent|advis[oe]r) (please|now)$|` +
			`(talk|speak|chat|discuss|go)( \\S+){1,4} (to|with) (a |an |some |the |your )?(real |actual |live |human |financial )?(human|person|people|agent|advis[oe]r|representative|rep|someone|somebody|operator|manager)`,
		`hablar con (un |una |alguien|algun |el |la )?(persona|humano|agente|asesor|asesora|operador|alguien|gestor)|persona (real|de verdad)|agente humano|` +
			`atencion (al cliente|humana)|(me|nos) (puede|pueden|podeis|podrian)? ?(llame|llamar|llamen)|llamadme|llamame|que me llame|` +
			`llamarme|pasa(me|dme) con|pasar con (alguien|un|una)|(asesor|persona|humano|agente) de verdad|ponme con|me comunicas con|que me atienda|no quiero hablar con una maquina|ayude un humano|un humano`,
		`parler (a|avec) (un |une |quelqu'? ?un|un vrai |une vraie )?(conseiller|conseillere|humain|personne|agent|operateur|quelqu'? ?un)|` +
			`vrai humain|un humain|vraie personne|m'? ?appeler|me rappeler|rappelez moi|etre rappele|passez moi|mettez moi en relation|transferez moi|` +
			`contact humain|qu'? ?un conseiller me|quelqu'? ?un au telephone|pas( \\S+){0,2} (a|avec) (un robot|une machine|un bot)|` +
			`(parler|discuter)( \\S+){0,6} (a|avec) (un|une) (conseiller|conseillere|humain|personne|agent)`,
		`(mit|zu) (einem |einer |dem |der )?(echten |menschlichen )?(mensch|menschen|berater\w*|mitarbeiter\w*|person|sachbearbeiter\w*|jemandem|jemand)( \S+){0,5} (sprechen|reden|besprechen)|jemanden mit dem ich (reden|sprechen)|` +
			`(ruf|rufen|rufe) (sie |du )?mich( \S+)? (an|zuruck)|mich (\S+ )?anrufen|ruckruf|verbinde[nt]? (sie )?mich|stellen sie mich|` +
			`echte[nr]? (person|menschen?)|menschliche[nr]? (berater|ansprechpartner|hilfe)|jemanden ans telefon|nicht mit einer maschine|` +
			`berater soll mich|einen menschen`,
		`prata med (en |nagon|en riktig )?(manniska|person|handlaggare|radgivare|nagon|kundtjanst)|riktig (manniska|person)|(ringa|ring) mig|` +
			`bli uppringd|koppla (mig|vidare)|manskli[gk] (hjalp|radgivare)|nagon i telefon|hora av sig|inte prata med en maskin|ha en manniska|` +
			`radgivare (far|kan) (garna )?kontakta`,
	}, "|"))
)

// humanRequest reports whether a asks for a person in so many words.
func humanRequest(a analysis) bool {
	flat := strings.TrimSpace(a.flat)
	if humanRe.MatchString(flat) {
		return true
	}
	bare := strings.Join(strings.Fields(politeness.ReplaceAllString(flat, " ")), " ")
	bare = strings.TrimPrefix(strings.TrimPrefix(bare, "a "), "an ")
	return humanAlone[bare] || humanAlone["a "+bare]
}
