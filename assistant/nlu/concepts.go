package nlu

import "strings"

// Concepts are groups of words that mean one thing, in each language: "died", "murió",
// "décédé", "gestorben" and "dog" are all a death. Each concept the message states is a
// feature of the classifier ("k:death"), so what the corpus teaches about a death in one
// language, or in one writer's words, counts for every word of the group: a new writer who
// says "passed" where the corpus says "died" is read with the same weight. The groups are
// meanings, not decisions: the classifier learns what each is evidence of, with the words
// around it, and a concept decides nothing alone.
//
// A word is matched as the start of a folded token ("diagnos" matches "diagnosed" and
// "diagnostico"); one written with a leading "=" only as a whole token ("=dog"); one with
// a space as the start of that run of tokens ("gave away"). Words are written folded: lower
// case, without accents.
var concepts = []struct {
	name  string
	words map[string]string // language → words
}{
	{"death", map[string]string{
		"en": "died dead death deceased funeral widow =passed =pass_away bereave burial buried cremat late_husband",
		"es": "muri muert falleci funeral entierro viud difunt velorio enterr =perdimos",
		"fr": "mort =meurt deced =dece funerai obseque enterr veuf veuve defunt disparu",
		"de": "gestorb verstorb =tod todes beerdig beisetz trauer witwe witwer verwitw hinterblieb =tot",
		"sv": "=dog =dott =dod doden avled avlid begrav =anka ankling bortgang =gick_bort =gatt_bort",
	}},
	{"family", map[string]string{
		"en": "mum mom mother dad father =son =sons daughter husband wife partner brother sister grand =child children kid teen =baby uncle aunt nephew niece parent family fiance boyfriend girlfriend spouse",
		"es": "madre padre =mama =papa hijo hija marido esposo esposa =mujer herman abuel =tio =tia sobrin pareja novio novia familia =nene =nena adolescen",
		"fr": "mere pere =maman =papa =fils fille =mari =femme epou frere soeur grand oncle tante neveu niece conjoint compagn famille enfant =ado parent",
		"de": "mutter vater =mama =papa sohn tochter ehemann ehefrau =mann =frau bruder schwester =oma =opa grossv grossm onkel tante neffe nichte partner familie kind eltern",
		"sv": "mamma pappa =mor =far =son sonen dotter =man =maken =fru frun bror syster farfar farmor morfar mormor =sambo partner familj =barn barnen tonar foraldr",
	}},
	{"acquaintance", map[string]string{
		"en": "friend colleague coworker workmate neighbo flatmate roommate",
		"es": "amig compan vecin colega",
		"fr": "ami =amie copain copine collegue voisin coloc",
		"de": "freund kolleg nachbar mitbewohn",
		"sv": "van =vannen kompis kollega granne",
	}},
	{"means", map[string]string{
		"en": "pill tablet overdose =rope =jump jumping hose exhaust =gun razor cliff drown noose sleeping_pills",
		"es": "pastilla pildora cuerda =saltar =tirarme cuchill ahorc",
		"fr": "cachet comprim pilule corde =sauter noyer pendre",
		"de": "tablette pillen =strick =seil springen schlaftablet erhang",
		"sv": "tablett piller =rep hoppa somntablett hanga",
	}},
	{"farewell", map[string]string{
		"en": "goodbye farewell =letters forgive sorry_for_everything love_you last_message =will",
		"es": "despedi adios carta perdon perdona =te_quiero =la_quiero =lo_quiero ultimo_mensaje testamento",
		"fr": "adieu lettre pardon =je_t_aime dernier_message testament",
		"de": "abschied verabschied =brief briefe verzeih vergib hab_dich_lieb testament",
		"sv": "adjo farval =brev breven forlat alskar_dig sista_meddelande testamente",
	}},
	{"give_away", map[string]string{
		"en": "gave_away give_away giving_away given_away =won't_need =wont_need",
		"es": "regal =ya_no_necesit",
		"fr": "donne_mes =donne_ses =plus_besoin",
		"de": "verschenk weggegeben =nicht_mehr_brauch",
		"sv": "ge_bort =gav_bort gett_bort behover_inte",
	}},
	{"no_future", map[string]string{
		"en": "disappear burden better_off =here_anymore =not_be_around =be_gone",
		"es": "acabar_con =carga desaparec estorbo =no_estar",
		"fr": "en_finir fardeau disparai =poids",
		"de": "=last verschwind =belast =nicht_mehr_da",
		"sv": "borda forsvinn =besvar =inte_finnas",
	}},
	{"despair", map[string]string{
		"en": "hopeless =cope desperate exhausted =alone lonely ashamed shame worthless =can't_go =cant_go =no_way_out =dark =broken =failure",
		"es": "desesper agotad sin_salida =solo =sola vergu =no_puedo_mas hundid =fracas =fuerzas",
		"fr": "desesper epuis =honte =seul =seule =plus_la_force craqu =echec =force",
		"de": "verzweif hoffnungslos erschopf scham =allein =kraft keinen_ausweg =versag =kaputt",
		"sv": "hoplos forvivl =orkar =orka skams =ensam utmatt =misslyck",
	}},
	{"theft", map[string]string{
		"en": "stolen =stole theft thief robbed =mugged pickpocket burglar",
		"es": "robad =robo robar robaron hurt ladron carterist atrac",
		"fr": "=vole =volee =volees =voles voleur cambriol derob arrach",
		"de": "gestohl diebstahl =dieb geklaut beklaut uberfall =raub",
		"sv": "stulen stulit =stal stold tjuv ficktjuv ranad =ran",
	}},
	{"lost", map[string]string{
		"en": "=lost =lose losing misplaced =missing cant_find can't_find",
		"es": "perdi extravi =no_encuentro",
		"fr": "perdu egare =trouve_plus",
		"de": "verloren verlegt =finde",
		"sv": "tappat tappa =borta forsvunn hittar_inte",
	}},
	{"unknown_payment", map[string]string{
		"en": "unauthori unrecogni recogni =charge =charges transaction =never_made =not_me =didn't_make =didnt_make",
		"es": "cargo desconoc autoriz reconoz =no_hice",
		"fr": "prelev =debit debits inconnu autoris reconn",
		"de": "abbuch buchung unbekannt autoris erkenn lastschrift",
		"sv": "dragning dragit okand godkant =kanner_inte",
	}},
	{"scam", map[string]string{
		"en": "scam fraud =fake phish =con conned swindl trick impersonat pretend hack suspicious",
		"es": "estaf fraud =falso =falsa timo engan suplant hacke",
		"fr": "arnaq escroq fraud =faux =fausse hamecon usurp pirat pieg",
		"de": "betrug betrog betrug =falsch =falsche =fake phishing abzock gehackt hereingefall",
		"sv": "bedrag bluff =lurad =lurade =lura =falsk fejk kapad hackad natfiske",
	}},
	{"sent_money", map[string]string{
		"en": "transferred =sent wired =gave =code =pin card_number =details",
		"es": "transfer envie enviado =pague =di codigo =clave numero_de_tarjeta =datos",
		"fr": "vire virement envoye =paye =donne =code =donnees",
		"de": "uberwies uberweis geschickt =bezahlt =code =pin =tan =daten",
		"sv": "overfor skickade =swish swishade betalat =kod =koden bankid =uppgifter",
	}},
	{"identity", map[string]string{
		"en": "identity in_my_name in_his_name in_her_name passport",
		"es": "identidad a_mi_nombre a_su_nombre =dni pasaporte",
		"fr": "identite a_mon_nom a_son_nom passeport",
		"de": "identitat auf_meinen_namen auf_seinen_namen auf_ihren_namen ausweis",
		"sv": "identitet =i_mitt_namn =i_hans_namn =i_hennes_namn personnummer legitimation",
	}},
	{"illness", map[string]string{
		"en": "cancer diagnos =ill illness sick hospital chemo dementia alzheimer parkinson stroke disab depress anxiety mental surgery treatment wheelchair =blind =deaf memory terminal tumou",
		"es": "cancer diagnost enferm hospital quimio demencia alzheimer parkinson =ictus discapac depres ansiedad operacion tratamiento ciego sordo memoria tumor",
		"fr": "cancer diagnost malad hopital chimio demence alzheimer parkinson =avc handicap depress anxi operation traitement aveugle sourd memoire tumeur",
		"de": "krebs diagnos krank klinik chemo demenz alzheimer parkinson schlaganfall behindert depress =angst operation behandlung =blind taub gedachtnis tumor",
		"sv": "cancer diagnos =sjuk sjukdom sjukhus cellgift demens alzheimer parkinson stroke funktionsned depress angest operation behandling =blind =dov minne tumor",
	}},
	{"carer", map[string]string{
		"en": "carer caring look_after looking_after power_of_attorney guardian appointee on_behalf",
		"es": "cuido cuidador cuidar poder_notarial tutor en_nombre",
		"fr": "aidant m_occupe procuration tutelle curatelle au_nom",
		"de": "pflege vollmacht betreu im_namen",
		"sv": "vardar fullmakt god_man forvaltare for_hans for_hennes",
	}},
	{"abuse", map[string]string{
		"en": "controlling abus violen hit_me forced coerc threat",
		"es": "maltrat violen obliga amenaz =controla",
		"fr": "violen emprise =force forcee menac controle",
		"de": "gewalt zwing gezwung droh kontroll missbrauch",
		"sv": "vald =tvingade tvinga =hotar hotade kontroll misshandl",
	}},
	{"income_loss", map[string]string{
		"en": "redundan laid_off =fired unemploy lost_my_job hours_cut furlough sick_leave benefits pension income salary wages =closed bankrupt",
		"es": "despid =paro desemple =erte =sueldo ingresos pension cerrar cerrado quiebra",
		"fr": "licenci chomage salaire revenu retraite ferme faillite",
		"de": "gekundigt kundigung arbeitslos kurzarbeit einkommen gehalt =rente insolvenz pleite geschlossen",
		"sv": "uppsagd varslad arbetslos a_kassa inkomst =lon =lonen pension konkurs =stangt stangde",
	}},
	{"cant_pay", map[string]string{
		"en": "behind arrears =missed overdue can't_pay cant_pay afford struggl collector bailiff default =late repossess",
		"es": "atrasad impago no_puedo_pagar deuda moros embargo cobrador retraso",
		"fr": "retard impaye huissier dette surendett recouvrement pas_payer",
		"de": "ruckstand mahnung inkasso schulden zahlungsunfah gerichtsvollzieh verzug nicht_zahlen betreibung",
		"sv": "=efter skuld inkasso kronofogd betalningsanmark paminnelse obetald klarar_inte",
	}},
	{"person", map[string]string{
		"en": "person human someone somebody anyone advis adviser agent representative staff employee consultant operator =real",
		"es": "persona humano alguien asesor agente representante empleado operador",
		"fr": "personne humain quelqu conseill agent interlocut employe operat",
		"de": "mensch person jemand berater mitarbeiter sachbearbeit agent ansprechpartner",
		"sv": "person manniska =nagon radgivare handlaggare agent personal",
	}},
	{"contact", map[string]string{
		"en": "call phone =ring speak talk meet visit appointment video whatsapp email contact =reach callback",
		"es": "llam telefon hablar habl cita reunion visita videollamada contact whatsapp",
		"fr": "appel telephon parler rendez =rdv visite rencontr contact joindre rappel",
		"de": "anruf =ruf telefon sprechen gesprach termin besuch treffen video kontakt erreich ruckruf",
		"sv": "ring samtal prata tala mote traffa besok video kontakta =na",
	}},
	{"manager", map[string]string{
		"en": "manager supervisor =boss team_leader =senior =head",
		"es": "responsable =jefe encargado supervisor gerente director",
		"fr": "responsable =chef superviseur directeur superieur",
		"de": "vorgesetz =chef teamleit leiter filialleit geschaftsfuhr",
		"sv": "=chef chefen ansvarig overordnad arbetsledare",
	}},
	{"grievance", map[string]string{
		"en": "complain unacceptable disgrace terrible awful useless angry furious ridiculous appalling rude =still_no",
		"es": "queja reclam inaceptable =fatal pesim harto indign vergonzoso",
		"fr": "plainte reclamation inadmissible scandal honteu =nul marre inaccept",
		"de": "beschwerde reklamation unverschamt frechheit inakzeptabel katastroph =arger =sauer",
		"sv": "klagomal klaga oacceptab skandal bedrovlig =arg forbannad =usel",
	}},
}

// conceptWord is one word of a concept: exact matches a whole token, multi matches a run of
// tokens, otherwise the word is the start of a token.
type conceptWord struct {
	text         string
	exact, multi bool
}

// conceptIndex holds each language's words with the concept each belongs to.
var conceptIndex = func() map[string][]struct {
	w       conceptWord
	concept string
} {
	idx := map[string][]struct {
		w       conceptWord
		concept string
	}{}
	for _, c := range concepts {
		for lang, words := range c.words {
			for _, w := range strings.Fields(words) {
				cw := conceptWord{text: w}
				if strings.HasPrefix(w, "=") {
					cw.text, cw.exact = w[1:], true
				}
				if strings.Contains(cw.text, "_") {
					cw.text, cw.multi = strings.ReplaceAll(cw.text, "_", " "), true
				}
				idx[lang] = append(idx[lang], struct {
					w       conceptWord
					concept string
				}{cw, c.name})
			}
		}
	}
	return idx
}()

// conceptsOf returns the concepts a stated in its language, or in any language when its
// language is unknown.
func conceptsOf(a analysis) map[string]bool {
	langs := []string{a.lang}
	if a.lang == "" {
		langs = Languages
	}
	// The flat text with apostrophes as spaces: "can't" is tokenized as "can t" or "cant".
	flat := strings.ReplaceAll(a.flat, "'", " ")
	found := map[string]bool{}
	for _, lang := range langs {
		for _, e := range conceptIndex[lang] {
			if found[e.concept] {
				continue
			}
			switch {
			case e.w.multi:
				t := strings.ReplaceAll(e.w.text, "'", " ")
				if e.w.exact {
					if strings.Contains(flat, " "+t+" ") {
						found[e.concept] = true
					}
				} else if strings.Contains(flat, " "+t) {
					found[e.concept] = true
				}
			case e.w.exact:
				if strings.Contains(flat, " "+e.w.text+" ") {
					found[e.concept] = true
				}
			default:
				if strings.Contains(flat, " "+e.w.text) {
					found[e.concept] = true
				}
			}
		}
	}
	return found
}
