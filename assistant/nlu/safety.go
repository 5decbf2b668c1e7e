package nlu

import (
	"regexp"
	"strings"
)

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

// lexicon joins the alternatives of every language into one pattern.
func lexicon(langs ...[]string) *phrases {
	var all []string
	for _, l := range langs {
		all = append(all, l...)
	}
	return rx(strings.Join(all, "|"))
}

var safetyRules = []safetyRule{
	{SelfHarm, lexicon(
		[]string{ // English
			`(a|such a) burden (to|on|for) (everyone|everybody|my family|my kids|others|them)|(think|thinking|thought) about not waking up|giving (away )?(my|all my) (things|stuff|belongings|possessions)( away)?|(won'?t|don'?t think i'?ll|not going to) be (here|around) (next|by|for|much|after)|(nobody|no one|noone) would (notice|care|miss me)`,
			`(don'?t|do not) see the point (in|of) (living|life|going on|anything)|(happier|better) if i (was|were) (dead|gone|not here|not around)`,
			`(thinking|thought|think) (of|about) ending (it|things|my life|everything)|ending it (all|because|over|for good)|want (it all|all of this|all this|this) to (stop|end)|(can'?t|not sure i can|don'?t know if i can|don'?t think i can) keep going|(why|reason) (i )?(should|would) (keep going|carry on|go on|bother)`,
			`took my (own )?life|(what'?s|what is) the point (anymore|any more)|(worth|be worth) more (\S+ ){0,3}dead|kill(ed|ing)? myself|end(ed|ing|s)? (it all|my life|my own life|everything|things|it)$|end(ed|ing|s)? (it all|my life|my own life|everything|things)|take (my|my own) life|taking my (own )?life|suicid\w*`,
			`(want|wanted|wanna|going|planning|plan) to die|wish i (was|were) dead|wish i (wasn'?t|was never|had never been) (here|alive|born)|better off dead|rather be dead`,
			`(don'?t|do not) want to (live|be alive|be here|exist|wake up|go on|carry on)|not (want to )?wake up|go to sleep and not wake`,
			`(not|no longer) (being|be) (here|around|alive) anymore|(not|never) (going to|gonna) be (here|around)|(not|won'?t|wouldn'?t) be (here|around) (anymore|much longer|to)|if i'?m gone|when i'?m gone|if i was gone`,
			`better off without me|no (point|reason) (in )?(living|to live|to keep living|going on|to go on|to carry on)|nothing (left )?to live for|(everything|life) (feels|is|seems) pointless`,
			`(can'?t|cannot) see the point (in|of) (living|life|going on|anything)|life (isn'?t|is not) worth (living|it)|tired of (living|life|being alive)`,
			`can'?t go on (like this|anymore|with (this|all this|all of this|it|life|my life))|can'?t go on$|cannot go on|can'?t keep going|how much longer i can (keep|go|take)`,
			`can'?t do this anymore|can'?t take (it|this|any of this) anymore$|giv(e|ing) up on (life|living|everything)|no way out|what'?s the point (in |of )?(going on|living|life|carrying on|anything|trying)`,
			`hurt(ing)? myself|harm(ing)? myself|self harm|cut(ting)? myself|jump(ing)? (off|from|in front of) (a|the)|overdose|pills saved|stockpil\w* pills`,
			`(take|taking|swallow|swallowing) (all )?(of )?(my|the|these|those|a bottle of|a box of) (pills|tablets|meds|medication|sleeping pills)`,
			`nobody would (miss|care if) me|no one would (miss|care)|(disappear|be gone|sleep) (forever|permanently)|goodbye (letter|note)|said (my )?goodbyes?|written my will`,
			`done with (life|living)|last message i'?ll|feel like ending it|end it all|want (it|everything) to (stop|end)( forever)?|stop forever`,
			`(if|when) i (die|was gone|am gone|were gone|'m gone)( \S+){0,12} (best|better|easier)|won'?t be around (much )?longer|if i (just )?(disappeared|vanished|wasn'?t here)`,
			`what'?s the point (anymore|any more|of it all|of anything|of me|of going on|of carrying on)|(is there|there'?s) no point (anymore|any more|in anything|in me)|better off( \S+){0,8} (than with me|without me|if i wasn'?t (around|here))|(go to sleep|sleep) and (never|not) (wake|deal|come back)|wish i could (just )?(disappear|vanish|not exist|stop existing|go to sleep forever)|(life|everything) (is|feels) hopeless|no (hope|future) (left|for me|anymore)|(can'?t|cannot) see a way out|no way out`,
		},
		[]string{ // Spanish
			`(una )?carga para (todos|mi familia|los demas|mis hijos)|(pienso|pensar|penso) en no despertar|nadie (notaria|se daria cuenta|me extranaria)`,
			`no quiero (volver a )?despertar\w*`,
			`(tomarme|tomar|tragarme) (todas )?(las|mis) (pastillas|pildoras)|quitarme la vida|me quit(e|o|ara|ase) la vida|si me muero al menos|(que|q) mas da ya|acabar con (todo|mi vida)|terminar con (todo|mi vida)|quitarme de en medio|suicid\w*|matarme|tirarme (por|de|desde|a)`,
			`no quiero (seguir )?(vivir|viviendo|existir|estar aqui)|dejar de (existir|vivir)|me quiero morir|quiero morir(me)?|morirme|pienso en morir|mejor muert[oa]`,
			`estarian mejor sin mi|nadie me echaria de menos|si (yo )?desapareciera|desaparecer para siempre|quiero desaparecer|pienso en no estar|no estar aqui`,
			`no quiero despertar|hacerme dano|no (le )?veo sentido a (seguir|vivir|la vida|nada)|no vale la pena vivir|cansad[oa] de vivir|sin fuerzas para vivir`,
			`no tengo (razones|motivos|nada|fuerzas) (para|por) (vivir|seguir)|(no tiene|sin) sentido vivir|vivir no tiene sentido|ya no (puedo|aguanto) mas|cuanto mas (podre|puedo) aguantar`,
			`para que seguir|no (veo|encuentro|tengo|le veo) (ninguna )?salida|(ya )?nada tiene sentido|no le veo sentido a nada|estarian mejor( \S+){0,6} que conmigo|mejor (sin mi|si no estuviera)`,
		},
		[]string{ // French
			`(un|une) fardeau pour|(ne plus|pas) me reveiller|personne ne (remarquerait|verrait|s'? ?en rendrait compte)`,
			`avaler (tous |toutes )?(mes|les) (medicaments|cachets|comprimes)|mett\w* fin a (mes jours|ma vie)|(voudrais|veux|aimerais) (juste |simplement )?disparaitre|me fais du mal|me tuer|me suicider|suicid\w*|en finir|je ne veux plus (vivre|exister)|plus envie de vivre|envie de mourir|veux mourir`,
			`marre de vivre|mieux mort|mieux sans moi|personne ne me regretterait|si je disparaissais|disparaitre pour toujours|veux disparaitre|(que je|je veux|envie de) dispar\w+|plus de sens de vivre`,
			`plus (la|de) force de vivre|(si|quand) je n'? ?(etais|serai) plus la|plus me reveiller|me faire du mal|je n'? ?en peux plus`,
			`plus l'? ?interet de (continuer|vivre)|la vie ne vaut (pas|plus)|plus de raison de vivre|aucune raison de vivre|me jeter (du|d'? ?un|sous)`,
			`a quoi bon (continuer|vivre|tout ca|me battre)|(aucune|pas d'? ?|plus d'? ?)(issue|sortie|espoir)|je ne vois (pas|plus) (d'? ?issue|de sortie|comment m'? ?en sortir)|plus rien n'? ?a de sens|seraient mieux( \S+){0,6} (sans moi|qu'? ?avec moi)`,
		},
		[]string{ // German
			`(eine )?last fur (alle|meine familie|andere)|nicht mehr (aufzuwachen|aufwachen)|(niemandem|keinem) (wurde es |wurde )?(auffallen|fehlen)|niemand wurde (es )?(merken|bemerken)`,
			`alle (meine )?tabletten (nehmen|schlucken)|selbstmord\w*|suizid\w*|mir das leben (zu )?nehm\w*|wenn ich weg (war|ware)|mich umbringen|(meinem|mein) leben (ein ende setzen|beenden)|dem (ganzen|allem) ein ende`,
			`nicht mehr leben|nicht mehr da (zu )?sein|nicht mehr existieren|sterben (will|mochte)|(will|mochte) sterben|besser tot|lebensmude`,
			`besser (dran )?ohne mich|ohne mich (waren|ware) \S+ besser|niemand wurde mich vermissen|wenn ich (weg|nicht mehr da) ware`,
			`(alles|leben) (hat )?keinen sinn mehr|es hat alles keinen sinn|keinen grund mehr zu leben|keine kraft mehr (zu leben|zum leben)|nicht mehr aufwachen`,
			`mir (etwas|was) antun|(etwas|was) anzutun|mich umzubringen|will verschwinden|ich (einfach )?verschwinde|ich kann nicht mehr$|von (der|einer) brucke springen`,
			`wozu das alles|wozu (noch )?(weitermachen|leben)|wozu das ganze|(kein|keinen) (ausweg|sinn) mehr|kein ausweg|sehe keinen ausweg|was soll das (alles )?noch|(ware|waren) (ohne mich|besser dran)|ohne mich (\S+ )?besser`,
		},
		[]string{ // Swedish
			`(en )?borda for (alla|min familj|andra)|inte vill vakna|ingen skulle (marka|bry sig|sakna mig)`,
			`ta alla (mina )?(tabletter|piller)|sjalvmord\w*|ta mitt (eget )?liv|(tog|tar) mitt (eget )?liv|(kommer|ska) inte (att )?finnas (kvar|har) (sa |sa lange|lange|langre)|ta livet av mig|avsluta mitt liv|vill inte leva|orkar inte leva|vill do|hellre vara dod|battre dod`,
			`vill inte finnas (langre|till|kvar)|om jag inte fanns|battre utan mig|ingen skulle sakna mig|om jag forsvann|vill forsvinna`,
			`gora slut pa (allt|mitt liv|det har)|ingen mening (med nagot|med livet|att leva)|livet ar inte vart att leva|trott pa (livet|att leva)`,
			`vill inte vakna|skada mig sjalv|orkar inte (mer|langre)|(livet|det) har ingen mening|ingen mening (langre|med livet)`,
			`(ingen|nagon) ide (att|med att) (leva|fortsatta|halla pa)|vad ar (det for )?(poangen|meningen)( med (allt|nagonting|att leva|livet)|$)|ingen (utvag|vag ut)|ser ingen (utvag|vag ut|losning)|(battre|lattare) (utan mig|om jag inte fanns)`,
		},
	)},
	// Indirect signs, said by people who do not name suicide: the means at hand (pills put
	// by, a rope, a balcony, bridge or track, a hose and a car, a blade in front of them),
	// farewells (letters, a pet or belongings given away, a last message), the family better
	// off with the insurance, not being a problem much longer, and a payout asked about for
	// oneself. Each needs a personal marker: "what is a suicide clause?" and "my car died"
	// say none of these.
	{SelfHarm, lexicon(
		[]string{ // English
			`(saved|saving|stockpiled|stockpiling|hoarded|hoarding|collected|collecting|counted out|lined up) (up )?(all )?(my |the |some |enough )?(pills|tablets|painkillers|sleeping pills)|(pills|tablets|painkillers) (are )?(ready|saved up|lined up|counted out|in front of me|next to me)|enough (pills|tablets|painkillers) to|(bought|got|have|found) (a|the) rope|the rope (is )?(ready|up)`,
			`(standing|sitting|stood|sat) (\S+ )?on (the|a|my) (ledge|bridge|roof|railing|parapet)|(on|at) the edge of (the|a) (\S+ ){0,2}(bridge|roof|rooftop|cliff|platform|building)|(on|at) (the|my) balcony (of|on) (the )?\S+ floor|(watching|looking at) the trains( \S+){0,6} (one step|a step|jump)|one step (would|and) (be enough|it'?s over|it would be over)`,
			`(hose|pipe) (from|to|in|on|into) the exhaust|(in|sitting in|sat in) the (car|garage) with (a|the) (hose|pipe)|(engine|car) running in the (closed )?garage|(razor|blade|knife|razor blade) (in front of|next to|beside) me`,
			`(goodbye|farewell) (letters?|notes?|messages?)|(wrote|written|writing|left) (some |my |the )?(last )?(letters?|notes?) (to|for) (my|everyone|the kids|the children|them)|gave (away )?(my|our) (dog|cat|pets?|dogs|cats)( away)? to|(giving|gave|given) away (my|all my|all of my) (things|stuff|belongings|possessions|dog|cat)|(sorted|put) my affairs in order|said goodbye to (everyone|my (family|kids|children))`,
			`(won'?t|will not|wont|not going to) be (a|an) (problem|burden|bother|trouble|worry)( for \S+| to \S+)? (much|for much|any) longer|(everyone|everybody|they|my family|my kids|the kids|my wife|my husband) (would|will|'d) be (better off|better|happier|fine|relieved)( \S+){0,3} (without me|if i (was|were|wasn'?t|weren'?t) (here|around|gone)|when i'?m gone|with the (insurance|money|payout))|(this is|it'?s) the (last|final) (time|message) (i|i'?ll|i will) (ever )?(write|send|message|ask)`,
			`(don'?t|won'?t|will not|wont) need (it|them|any of it|money|the money|anything) where i'?m going|where i'?m going (i|you) (won'?t|don'?t) need|(pay|pays|paid|payout|cover|covers|covered) (out )?(if|when) (i|you|someone|somebody|one|a person) (do|does|did|go through with) it (myself|yourself|themselves|oneself|on purpose)|(insurance|policy|cover|payout|pay out|pays out)( \S+){0,12} ((asking|ask) for myself|(just |i'?m )?asking for me$)|not for a friend,? for me|(take|took|takes|taking) (their|his|her|your) own life( \S+){0,3} (asking|i'?m asking) for (me|myself)`,
			`(left|written|wrote|writing) (\S+ )?(letters?|notes?) (for|to) (the|my) (kids|children|family|wife|husband)|(this is|this'?ll be|this will be) my (last|final) message|(can'?t|don'?t|cannot) see myself (being )?(around|alive) (after|by|for|much)|(if|when) (i|one) (take|takes|do|does|did|took) (it|them|the pills|the tablets|an overdose|my pills)( \S+)? (on purpose|deliberately)`,
			`(not|wasn'?t|isn'?t) (an|a) accident( \S+){0,6} (my (own )?(choice|decision))|(bought|got) (some|a length of) rope`,
			`(putting|put|setting|set|keeping|kept|hiding|hid) (\S+ ){0,2}(pills|tablets|painkillers|sleeping tablets|sleeping pills) (aside|by)|(there'?s|it'?s|i have|i'?ve got|now i have) enough (pills|tablets|painkillers)|(counted|count|counting) (the|my|all the|all my) (pills|tablets|painkillers)|(i'?m|i am|im|i will|i'?ll|going to|gonna) end(ing)? it (tonight|today|this week|all)|(tonight|today) i'?m ending it|(won'?t|will not|wont) be (anyone'?s|everyone'?s) (problem|burden|bother|worry)( \S+){0,3} (soon|much longer|for long|any longer)|soon i (won'?t|will not) be (anyone'?s|a|an) (problem|burden)`,
			`(sitting|standing|sat|stood) on (the|a) (\S+ )?(bridge|roof|ledge|railing|parapet|rooftop)|it would be (so )?easy to (just )?(jump|end it|let go|step off)|(the )?(razor|blade|razor blade) (is )?(on|in|next to|by) (the|my) (sink|table|bed|desk)`,
		},
		[]string{ // Spanish
			`(estoy|me subi|subi|sentad[oa]|de pie|asomad[oa]) (\S+ )?(en|a|al|sobre) (el|la|un|una|lo alto del?)? ?(balcon|puente|azotea|tejado|cornisa|borde|barandilla|vias)\b( \S+){0,4}( (piso|planta)| y no| no se)|(tengo|he) (\S+ )?(guardad[oa]s|juntad[oa]s|acumulad[oa]s|preparad[oa]s|comprad[oa]s|ahorrad[oa]s)( \S+){0,2} (pastillas|pildoras|cuerda|soga)|(pastillas|pildoras) (guardadas|preparadas|juntadas|acumuladas|delante de mi)|(compre|tengo) (una|la) (cuerda|soga)`,
			`cartas? de despedida|(escribi|he escrito|deje escritas?|estoy escribiendo) (unas |las |mis )?cartas (a|para)|me (estoy despidiendo|despedi|he despedido) de (todos|mi familia|mis hijos)|(regale|he regalado|estoy regalando|le di|le he dado|di) (a )?(mi perro|mi gato|mis cosas|todas mis cosas)`,
			`no (voy a|vamos a|sere|seguire siendo) (ser )?(un |una )?(problema|carga|molestia) (por|durante) mucho (mas )?tiempo|(estarian|estaran|vivirian) mejor con el (dinero del )?seguro|(es|sera|este es) (la|el) (ultima|ultimo) (vez|mensaje) que (les |os |te )?(escribo|mando)`,
			`(si me muero|si me mato|seguro de vida|si me quito)( \S+){0,15} (pensando|pienso|voy a|quiero) (en )?hacerlo|(paga|pagaria|cubre|cubriria) (\S+ ){0,3}si (uno|alguien|yo) (se|me) (lo hace|quita la vida|mata)|pregunto por mi$|pregunto por mi mism[oa]`,
			`(dejado|deje|escrito|escribi|escribiendo) (unas |las |mis )?cartas (a|para) (mis|los) (hijos|ninos|nietos)|(este es|este sera|sera) (mi|el) ultimo mensaje|(si|cuando) (me tomo|tomo|lo hago|me lo hago)( \S+){0,3} (a proposito|adrede|aposta)`,
			`no (es|fue|sea) (un )?accidente sino (una )?(decision|eleccion) mia|puente( \S+){0,6} (seria facil|que facil)`,
			`(guardando|juntando|acumulando|escondiendo) (las |mis |unas )?(pastillas|pildoras)|(ya )?tengo (suficientes|bastantes) (pastillas|pildoras)|esta noche (acabo|termino) con (esto|todo)|(dejare|voy a dejar) de ser (un |una )?(problema|carga|molestia)|(sentad[oa]|de pie) en el (\S+ )?(puente|tejado|borde|balcon)|seria (muy )?facil (saltar|acabar|dejarme caer)|me despedi de (mi|mis) (\S+ )?(herman[oa]s?|hij[oa]s?|madre|padre|familia)`,
		},
		[]string{ // French
			`(je suis|suis|assis|assise|debout|je me tiens) (\S+ )?sur (le|un|mon|la) (balcon|pont|toit|rebord|parapet|rambarde)|au bord (du|d'? ?un|de la) (pont|toit|quai|falaise|voie)|un pas suffirait|(j'? ?ai|jai) (\S+ )?(mis de cote|garde|stocke|accumule|achete|prepare|rassemble)( \S+){0,3} (cachets|medicaments|comprimes|une corde|la corde)|(cachets|medicaments|comprimes) (de cote|prets|devant moi|sous la main)`,
			`lettres? d'? ?adieu|mots? d'? ?adieu|(ecrit|redige) (\S+ )?(dernieres volontes|lettres? (a|pour) (mes|ma|mon))|mes dernieres volontes|(donne|j'? ?ai donne|je donne|confie) (mon chien|mon chat|mes affaires)( a)?`,
			`(ne serai|ne vais|serai) plus (etre )?(un |une )?(probleme|fardeau|poids|charge) (tres |bien |pour )?(longtemps|personne)|quand j'? ?en aurai fini$|quand j'? ?en aurai fini (pour de bon|une fois pour toutes)|(assurance (deces|vie)|si je meurs)( \S+){0,10} (si c'? ?est moi qui|moi meme|de moi meme)|c'? ?est (la derniere fois|le dernier message) que (je vous ecris|j'? ?ecris|je vous contacte)|seraient mieux avec (l'? ?argent de )?l'? ?assurance|je demande pour moi$|je demande pour moi meme`,
			`lettres? (a|pour) (mes|nos) (enfants|petits enfants)|c'? ?est (mon|le) dernier message|(si|quand) (on|je) (prend|prends|le fait|le fais|avale)( \S+){0,3} (expres|volontairement)`,
			`pas (un|d'? ?) ?accident mais (mon|un) choix`,
			`(mets|mettais|garde|cache) (\S+ ){0,2}(de cote )?(mes |les |des )?(somniferes|cachets|medicaments|comprimes)( de cote)?|(j'? ?en ai|j'? ?ai) assez (de cachets|de comprimes|de medicaments)|ce soir j'? ?en finis|(je ne serai|serai) plus (un |une )?(poids|fardeau|probleme) pour personne|ce serait (si )?(simple|facile) de (sauter|en finir|me laisser tomber)`,
		},
		[]string{ // German
			`(tabletten|pillen|schlaftabletten)( \S+){0,2} (besorgt|gesammelt|gehortet|bereitgelegt|liegen bereit|vor mir)|(habe|hab|hatte) (mir )?(\S+ ){0,3}(tabletten|pillen|schlaftabletten|einen strick|ein seil) (besorgt|gesammelt|gekauft|gehortet|bereitgelegt)`,
			`(sitze|stehe) (\S+ ){0,2}(auf dem|auf der|am|an der) (balkon|brucke|bruckengelander|dach|gelander|gleis|gleisen|bahnsteigkante)|schlauch( \S+){0,4} (auspuff|im auto|ins auto)|im auto mit (dem|einem) schlauch`,
			`abschiedsbrief\w*|(meinen|mein|meine) (hund|katze|sachen)( \S+){0,3} (verschenkt|weggegeben|abgegeben)|(dem|allem|dem allem|dem ganzen)( \S+){0,3} ein ende (zu )?(setzen|machen|bereiten)|wenn es mich nicht mehr (gabe|gibt)|(erleichtert|besser dran)( \S+){0,2} (wenn es mich nicht|ohne mich)`,
			`(ich bin|bin ich) (\S+ )?nicht mehr lange (ein |eine )?(problem|last|belastung)|(versicherung\w*|zahlt|leistet|police)( \S+){0,8} (wenn|falls) (man|ich) es selbst (macht|mache|tut|tue)|(das ist|dies ist) das letzte mal,? dass ich (schreibe|mich melde)`,
			`briefe (\S+ ){0,4}(an die|fur die|an meine|fur meine) kinder|(den|meinen) kindern (\S+ )?briefe|(das ist|dies ist) (meine|die) letzte nachricht|(wenn|falls) (man|ich) (\S+ ){0,2}(absichtlich|mit absicht|vorsatzlich) (nimmt|nehme|macht|mache|tut|tue)`,
			`kein unfall( \S+){0,4} (meine )?(eigene )?entscheidung|(seil|strick) (liegt|hangt|ist|habe ich) (\S+ ){0,2}(bereit|im keller|gekauft|da)|(seil|strick) gekauft`,
			`(lege|lagere|sammle|horte|verstecke) (\S+ ){0,3}(schlaftabletten|tabletten|pillen)( \S+){0,2} (zur seite|beiseite|weg)|mache (ich )?(heute )?schluss mit (allem|dem leben)|(fur niemanden|niemandem) mehr (eine )?last|(von|auf) der (\S+ )?brucke( \S+){0,6} (springen|fluss)`,
		},
		[]string{ // Swedish
			`(sitter|star) (\S+ ){0,2}pa (balkongen|bron|taket|racket|kanten|perrongkanten|sparet)|slang\w*( \S+){0,4} (avgasroret|i bilen)|(tabletter|piller|somntabletter)( \S+){0,2} (sparade|samlade|framfor mig|redo)|(samlat|sparat|kopt|hamstrat) (pa mig )?(\S+ ){0,2}(tabletter|piller|ett rep)|rakblad\w*( \S+){0,2} framfor mig`,
			`avskedsbrev\w*|(gett|gav|skankt|lamnat) (bort )?(min hund|min katt|mina saker)|gora slut pa (alltihop|allting)|sista gangen jag (skriver|hor av mig)|(kommer|ska) inte (att )?vara (ett|en) (problem|borda) (sa )?(lange|langre)|tar livet av sig( \S+){0,5} (for egen del|for min del|for min egen del)`,
			`brev till (barnen|mina barn|barnbarnen)|(det har ar|detta ar) (mitt|det) sista meddelande|(om|nar) (man|jag) (tar|gor)( \S+){0,3} (med flit|med avsikt|avsiktligt)`,
			`inte (ar|var) en olycka( \S+){0,6} (jag sjalv valjer|mitt eget val|jag valjer)|(kopte|kopt|har kopt) ett rep`,
			`(sparat|samlat|gomt) (pa )?(mina |alla )?(somntabletter|tabletter|piller)|(gor|gora) slut pa det (i natt|ikvall|i kvall|snart)|i natt gor jag slut|(inte|aldrig) (en|nagons) borda for nagon|(det vore|skulle vara) (sa )?(enkelt|latt) (att )?(hoppa|ta slut|slappa taget)|tog farval av (min |mina )?(syster|bror|mamma|pappa|barn|barnen|familjen|fru|man|sambo)|tittar ner i (alven|vattnet|floden) fran bron`,
		},
	)},
	// Abuse and financial control by someone close come before fraud: credit taken out in
	// the victim's name by a controlling partner is abuse, and needs a person's care.
	{Vulnerability, lexicon(
		[]string{ // English
			`(controls|controlled|is controlling|has control of|has taken control of|took control of|won'?t let me (have|see|touch|access)) (all |away )?(of )?(my|our|the) (money|finances|accounts?|bank account|cards?|wages|salary|spending|benefits|pension)`,
			`(partner|husband|wife|boyfriend|girlfriend|ex|spouse|son|daughter|father|mother|dad|mum|mom|carer|family) (\S+ ){0,3}(takes|took|keeps|kept|has|holds) (all |away )?(of )?(my|our) (money|finances|accounts?|cards?|wages|salary|benefits|pension)`,
			`(husband|wife|partner|boyfriend|girlfriend|ex|spouse|fiance|fiancee)( \S+){0,8} in my name|(son|daughter|grandson|granddaughter|nephew|niece|brother|sister|carer|husband|wife|partner|boyfriend|girlfriend)( \S+){0,4} (using|uses|used|spending|spends|spent|took|takes|taking|has|keeps) (all )?(of )?my (pension|benefits|money|savings|wages|salary|cards?)|gives me an allowance`,
			`(not|don'?t feel) safe (at home|with (him|her|them|my \S+))|(afraid|scared|terrified) of (him|her|them|my (partner|husband|wife|boyfriend|girlfriend|ex|son|daughter|father|mother))|financial(ly)? (abuse|control|coercion)|coercive control|economic abuse`,
			`(made|makes|forced|forces|pressured|pressures|coerced|threatened) me (to |into )?(sign|take out|taking out|apply|applying|borrow|borrowing|hand over|give (him|her|them))|in my name (and|but) (he|she|they) (won'?t|will not|refuses?)`,
		},
		[]string{ // Spanish
			`(controla|controlaba|maneja|se queda con|me quita|no me deja (tocar|ver|usar|tener))( \S+){0,2} (el |mi |mis |nuestro |nuestra |nuestras |la |las |los )?(dinero|cuentas?|tarjetas?|sueldo|salario|nomina|pension|finanzas)`,
			`(pareja|marido|esposo|esposa|mujer|novio|novia|ex|expareja)( \S+){0,8} a mi nombre|(miedo|panico) (a|de) (el|ella|mi (pareja|marido|esposo|novio|ex))|no estoy segur[oa] en (casa|mi casa)|violencia economica|maltrato economico|control economico`,
			`me (obligo|obligaron|oblig\w+|forzo|forzaron|presiono|presionaron) a (firmar|pedir|sacar|solicitar)`,
		},
		[]string{ // French
			`(controle|controlait|gere|garde|me prend|me confisque|ne me laisse pas (toucher|voir|utiliser|avoir))( \S+){0,2} (mon |ma |mes |notre |nos |l'? ?|le |la |les )?(argent|comptes?|cartes?|salaire|finances|paie|pension)`,
			`(conjoint|conjointe|mari|femme|compagnon|compagne|copain|copine|ex)( \S+){0,8} a mon nom|peur de (lui|elle|mon (conjoint|mari|compagnon|ex)|ma (conjointe|femme|compagne))|pas en securite (chez moi|a la maison)|violences? (economiques?|financieres?)|controle coercitif`,
			`(oblige|obligee|force|forcee|pousse|poussee) a (signer|emprunter|prendre|souscrire)`,
		},
		[]string{ // German
			`(kontrolliert|verwaltet|nimmt mir|behalt|lasst mich nicht an)( \S+){0,3} (mein|meine|meinen|unser|unsere|unseren|das|die|den)( ganzes| ganze| ganzen)? (geld|konto|konten|karte|karten|gehalt|lohn|finanzen|rente)`,
			`(mann|frau|partner|partnerin|freund|freundin|ex)( \S+){0,8} auf meinen namen|angst vor (ihm|ihr|meinem (mann|partner|freund|ex)|meiner (frau|partnerin|freundin))|(zu hause|daheim) nicht (mehr )?sicher|finanzielle (gewalt|kontrolle)|wirtschaftliche gewalt`,
			`(gezwungen|genotigt|gedrangt|unter druck gesetzt)( \S+){0,6} (zu )?(unterschreiben|unterschrieben|aufzunehmen|aufgenommen|abzuschliessen)`,
		},
		[]string{ // Swedish
			`(kontrollerar|styr over|tar|tar alla|behaller|later mig inte (ta|se|anvanda|ha))( \S+){0,2} (mina|mitt|min|vara|vart|var)( \S+)? (pengar|konto|kort|lon|ekonomi|pension)`,
			`(man|fru|sambo|partner|pojkvan|flickvan|ex)( \S+){0,8} i mitt namn|radd for (honom|henne|min (man|sambo|partner|pojkvan|ex))|inte (trygg|saker) (hemma|med honom|med henne)|ekonomiskt vald|ekonomisk kontroll|ekonomiska overgrepp`,
			`(tvingad|tvingade mig|pressad|pressade mig)( \S+){0,3} (att )?(skriva under|ta|ansoka|lana)`,
		},
	)},
	{Fraud, lexicon(
		[]string{ // English
			`(card|cards|wallet|purse) stolen|(he'?s|hes|she'?s|shes|they'?ve|theyve|they'?re|theyre) (now )?blocked me|(advance|upfront) fee (\S+ ){0,3}(then|and now|now)|(more|another \S+|extra) (money|fee|payment)? ?to (release|unlock) the (funds|loan|money)|(strange|weird|odd|unknown) (direct debits|debits|withdrawals)|lost (my|our) (debit |credit |bank )?(card|cards|wallet|purse)|(my )?(card|wallet|purse) (is|went|has gone) missing|can'?t find my (debit |credit |bank )?(card|wallet|purse)`,
			`(crypto|bitcoin|investment|trading|forex) (platform|app|site|website|scheme|broker)( \S+){0,8} (won'?t|will not|doesn'?t|does not|wouldn'?t) let (me|us) (withdraw|take|cash)|(can'?t|cannot|unable to) withdraw (my|any|our)( \S+)? (money|funds|profits?|savings|investment)|(seller|buyer|landlord)( \S+){0,2} (vanished|disappeared|stopped replying|blocked me|never replied|went silent)`,
			`(card|cards|details) (has |have |was |were |'s |got )(been )?(skimmed|cloned|copied)|(card|cards)'?s been (skimmed|cloned|copied)|(identity|name|details) (was|were|has been|have been) used|pretending to be me|(email|text|message|site|website) that looked like (yours|my bank|the bank|ratewise)|(account|card)'?s? (been )?(locked|frozen|blocked) and (the )?money`,
			`(took|stole|nicked|snatched|grabbed) my (hand ?bag|bag|purse|wallet|phone|cards?)|(hand ?bag|bag|purse|wallet) (was|got|has been) (taken|snatched|nicked|stolen)`,
			`(loan|money|goods|item|parcel|order) never (came|arrived|showed up)|(they|he|she|the company|the lender|the seller) (have |has )?(now )?blocked me|asking for my (password|pin|code|card|details)( \S+){0,3} (i|and i) (gave|told|read)|money (is|has gone|went) missing|stole (my|all my) (\S+ ){0,2}(details|card|cards|number)|(website|shop|store|company|merchant) i'?ve never (used|heard of|been to|shopped)|(read out|gave|told) (him |her |them )?my (card|account|pin|security|bank) (number|details|code)|(is|are|has|have) (gone|disappeared|vanished) from my (account|card|savings)`,
			`(hacked|got into|broke into) (my|our) (online banking|bank account|account|banking app|app|email)|(moved|transferred|took|withdrew) (\S+ )?(money|funds|cash|savings) (out|from)|(a stranger|someone i don'?t know|somebody i don'?t know|an unknown person) (\S+ ){0,2}(used|took out|opened|applied for)|(debt|loan|account|card|credit|agreement) (that|which) (isn'?t|is not|wasn'?t|was not) (mine|me)|(never heard of|don'?t know) (\S+ ){0,4}(chasing|asking|writing to) me`,
			`stole (my|all my) (identity|card|cards|details|wallet|purse|phone|money|savings)|steal my identity|identity (was |has been )?stolen`,
			`(card|cards|identity|wallet|purse|phone|details|information|info|account|email|password|bag) (was|were|has been|have been|got|been|got been) (stolen|cloned|hacked|compromised|skimmed|nicked)`,
			`(been|got|was|were|get|getting) (scammed|defrauded|hacked|phished|conned|tricked|ripped off)|scammed|romance scam|scammer took`,
			`(never|didn'?t|did not) (made|make|authori[sz]e\w*|took out|take out|ordered|set up|been there|bought|applied for|apply for|signed up|opened|asked for)|(don'?t|do not|didn'?t|did not) recogni[sz]e`,
			`(didn'?t|did not|never) do( them| it)?$|unauthori[sz]ed|without (my )?(permission|consent|knowing)|weird charges|strange (charges|payments|transactions)`,
			`(opened|took out|taken out|applied for|open|take out)( \S+){0,6} in my name|(someone|somebody) (is |has )?(used|using|accessed|emptied|has)( \S+){0,2} my (card|account|details|identity)`,
			`(called|rang|phoned|texted|emailed|messaged|contacted) (me )?(\S+ ){0,4}pretending|pretended to be|(he|she|they|someone|somebody|a man|a guy|a woman) (was|were) (pretending|claiming)|(said|saying) (they|he|she) (was|were) from|gave (them|him|her|someone|a stranger|the caller|a guy|a man|a woman) my`,
			`(clicked|typed|entered|put)( \S+){0,4} (link|login|password|pin|details|code)|paid (a |an |the )?(\S+ ){0,3}(fee|deposit|charge) (upfront|up front|in advance|first)|(company|lender|firm|website|broker|seller|he|she|they) (has |have )?(vanished|disappeared|stopped answering|blocked me|went silent)|(looked|looking) like my bank|safe account`,
			`fake (lender|investment|bank|website|call|text|shop|store|email|company)|sent (him|her|them) (all )?my (money|savings)|lost my (wallet|purse|card|cards)`,
			`victim of (identity theft|fraud|a scam)|using my (card|details|identity|social security)|my card (has been |was )?used (in|to|abroad|online)`,
			`(entered|typed|gave|put in) (my )?(card|bank|login|account) (details|number|info|data)|(not|weren'?t|wasn'?t|aren'?t) (mine|me|from me)$|(payments?|charges?|transactions?|withdrawals?) (\S+ ){0,6}(aren'?t|weren'?t|are not|were not) (mine|me)|(someone|somebody|they|he|she|scammers?|thieves|hackers?|fraudsters?) (\S+ )?(emptied|drained|cleaned out|cleared out) (my|our)|(my|our) (account|savings) (was|were|has been|got) (emptied|drained|cleaned out|cleared out)|fell for (a|the|an?) (\S+ )?(scam|con|fraud)|(code|pin|password|passcode|security number|one time code) to (someone|somebody|a man|a woman|a guy|the caller|a stranger)`,
			`money (is |has gone )?missing from my|balance is (now )?zero|paid (a |an |the )?(\S+ )?(fee|deposit) (upfront|up front|in advance)|took my (\S+ )?(fee|deposit|money) and (disappeared|vanished)`,
		},
		[]string{ // Spanish
			`(era|fue|resulto ser) una estafa|(que|q) yo no (pedi|solicite|hice|he hecho|reconozco|autorice)|(prestamo|credito|tarjeta) (\S+ ){0,3}a mi nombre (que|q) (yo )?no|para (liberar|desbloquear) (el prestamo|los fondos|el dinero)|cargos (raros|extranos|desconocidos)|(perdi|he perdido|se me perdio|se me ha perdido|extravie|he extraviado) (mi|la|mis|las) (tarjeta|tarjetas|cartera|billetera)|no (me dejan|me deja|puedo) (sacar|retirar) (mi|el|nada|mis|los)|plataforma de (cripto\w*|inversion\w*|trading)|(vendedor|vendedora|comprador|casero)( \S+){0,2} (desaparecio|me bloqueo|ya no contesta|ya no responde)`,
			`(clonado|clonada|copiado|copiada) la tarjeta|(me han|han) (clonado|copiado)|haciendo(se)? pasar por (mi|yo)|se hace pasar por mi`,
			`que yo no (he hecho|hice|reconozco|autorice)|yo no (he sido|fui)`,
			`(han|ha|me han) sacado dinero|sin permiso|(un desconocido|una desconocida|alguien desconocido|alguien) (\S+ ){0,2}(ha pedido|pidio|ha sacado|saco|ha solicitado|solicito|ha abierto|abrio) (un |una )?(credito|prestamo|tarjeta)`,
			`me (han )?(robado|robaron|clonado|clonaron|estafado|estafaron|hackeado|hackearon|enganado|enganaron|timado|timaron|vaciaron|vaciado)`,
			`(sufri|he sufrido|victima de) (un )?robo de identidad|robado la identidad|suplantacion de identidad|(me han |han )?suplantado|suplantaron mi|victima de (una )?(estafa|fraude)`,
			`(pidio|pidieron|abrio|abrieron|saco|sacaron|solicito)( \S+){0,6} a mi nombre|(prestamo|credito) que no (pedi|solicite)|haciendose pasar|se hizo pasar`,
			`(meti|puse|di|introduje) (mis|los) datos (de la tarjeta|bancarios|de mi tarjeta)|que (yo )?nunca (hice|he hecho|autorice)|no (son|eran) mi[ao]s|no (fui|he sido) yo|(han |me han )?vaciado (mi|la) cuenta|(les|le) di (el|mi|la) (codigo|clave|pin|contrasena)|(supuesto|falso) (banco|empleado|asesor|gestor)|que no (hice|he hecho|reconozco|autorice)|tarjeta robada|enlace falso|(alguien|han|la han) (ha )?usado mi (tarjeta|cuenta)|ya la han usado`,
			`(pague|he pagado|pagamos|hemos pagado|ingrese|transferi)( \S+){0,4} (por adelantado|por anticipado)|ya no (contestan|responden|cogen el telefono)|(han|ha) desaparecido|sin mi (permiso|autorizacion|consentimiento)|me falta dinero en la cuenta|pague por adelantado|compras con mi tarjeta en otro pais|puse mis datos`,
		},
		[]string{ // French
			`(on m'? ?a|m'? ?a|m'? ?ont|ils m'? ?ont) pique (ma|mon|mes)|c'? ?etait une arnaque|pour (debloquer|liberer) (les fonds|le pret|l'? ?argent)|prelevements? (bizarres?|etranges?|suspects?)|que je n'? ?ai jamais (utilise|visite|commande)|(j'? ?ai perdu|perdu) (ma|mes) (carte|cartes|portefeuille)|(impossible de|je ne peux pas|je ne peux plus|peux pas|peux plus) (re)?retirer (mon|mes|l'? ?|les)? ?(argent|fonds|gains)|plateforme (de |d'? ?)?(crypto\w*|trading|investissement)|(vendeur|vendeuse|acheteur)( \S+){0,2} (a disparu|m'? ?a bloque|ne repond plus)`,
			`(carte|cartes) (a ete|ont ete) (copiee|copiees|clonee|clonees|piratee)|se (fait|faisait) passer pour moi`,
			`(a|ont|j'? ?ai ete|on m'? ?a) pirate|(compte|carte|banque en ligne) (\S+ )?(pirate|piratee|hacke|hackee)|(un inconnu|une inconnue|quelqu'? ?un) (\S+ ){0,2}(a utilise|a pris|a ouvert|a souscrit) (ma|mon|mes|un|une)`,
			`(on m'? ?a|m'? ?a|m'? ?ont) (vole|pirate|arnaque|escroque)|vol de (ma )?carte|usurp\w* mon identite|(a|ont) usurpe (mon|ma)`,
			`(pris|contracte|ouvert|demande)( \S+){0,6} (a mon nom|avec mes papiers)|fait passer pour|que je n'? ?ai pas (faits?|effectues?|autorises?)`,
			`prelevements? (inconnus?|frauduleux)|faux (lien|pret|conseiller|site|sms|organisme|preteur)|a ete (pirate|piratee|volee?|clonee?)|fait (arnaquer|escroquer|avoir|pirater)`,
			`victime d'? ?(une )?(arnaque|escroquerie|fraude|usurpation)|sans mon (accord|autorisation|consentement)|(a|ont) utilise ma carte`,
			`(rentre|saisi|donne|tape) (mes|les) (infos|informations|coordonnees|donnees|codes)( bancaires| de carte)?|que je n'? ?ai jamais (faits?|effectues?|autorises?)|(ce n'? ?est|c'? ?etait) pas moi|(ne sont|n'? ?etaient) pas (de moi|a moi)|(compte|livret) (a ete|est) (vide|videe|siphonne)|(ont|a) vide (mon|ma)|(j'? ?ai|je lui ai|je leur ai) donne (le|mon|mes) (code|codes|identifiants|mot de passe)|(ils|elle|il|la societe|l'? ?entreprise) (ont|a) disparu|(ne repondent|ne repond) plus|de l'? ?argent a disparu|frais d'? ?avance|compte est vide|achats a l'? ?etranger( \S+){0,4} (que je ne connais pas|inconnus)|donne mon code`,
		},
		[]string{ // German
			`abgezockt|reingelegt|ubers ohr gehauen|war (ein )?betrug$|um (den kredit|das geld|die auszahlung) freizugeben|(komische|seltsame|merkwurdige) (abbuchungen|buchungen)|(\w*karte|geldborse|portemonnaie|brieftasche|geldbeutel) (\S+ ){0,2}verloren|verloren (\S+ ){0,2}(\w*karte|geldborse|portemonnaie)|enkeltrick|(einem|den|die) betruger\w* (\S+ ){0,4}(gegeben|uberwiesen|ubergeben|bezahlt|geschickt)|auf (eine|einen|die|den) phishing\w* (\S+ )?(reagiert|geklickt|hereingefallen)|(jetzt|nun) sind (\S+ ){0,3}weg|(plattform|app|broker)( \S+){0,6} (lasst|lassen) mich nicht (\S+ )?(auszahlen|abheben)|(verkaufer|verkauferin)( \S+){0,2} (ist )?(verschwunden|abgetaucht)`,
			`(karte|karten|daten) (wurde|wurden|ist|sind) (\S+ ){0,3}(ausgelesen|kopiert|geklont|geskimmt)|gibt sich (\S+ )?(als|fur) (mich|ich) aus|(gab|gibt) sich als ich aus`,
			`(jemand|ein unbekannter|eine unbekannte|fremde|ein fremder) (hat|haben) (\S+ )?(mit|uber|auf) meine[rn]? (karte|konto|daten|namen)|(onlinebanking|online banking|konto|account|bankkonto) (\S+ )?(wurde|ist) (\S+ )?gehackt`,
			`(wurde|wurden|ist|sind) (mir )?(\S+ ){0,8}(gestohlen|gehackt|geklaut|kopiert)|opfer (von|eines) identitatsdiebstahl\w*|identitat (\S+ )?(gestohlen|missbraucht)`,
			`auf meinen namen|mit meinem ausweis|als (meine|die) bank ausgegeben|(die|zahlungen|abbuchungen|einkaufe) ich nicht (gemacht|getatigt|autorisiert|kenne)`,
			`unbekannte abbuchungen|wurde (um \S+ \S+ )?betrogen|phishing link|ohne (meine )?(erlaubnis|zustimmung)|konto (ist )?leer`,
			`(jemand|wer) hat meine (karte|daten|konto) (benutzt|verwendet|missbraucht)|reingefallen|opfer (von|eines) (betrug|betrugs|betrugern)`,
			`\w*daten (\S+ )?(eingegeben|eingetippt|angegeben|weitergegeben|verraten)|(die|das|den) ich (nie|nicht|niemals) (gemacht|getatigt|autorisiert|bestellt|gekauft|veranlasst|aufgenommen|beantragt|abgeschlossen)|nicht von mir|war(en)? ich nicht|(konto|sparbuch) (wurde|ist) (\S+ )?(leergeraumt|abgeraumt|geplundert)|(ihm|ihr|ihnen|dem anrufer) (den|die|meine|meinen) (\S+ )?(code|tan|pin|sms code|passwort|zugangsdaten) gegeben|falsche[rn]? (bankmitarbeiter|bankberater|polizist)|angeblich von (der|meiner) bank|geld fehlt|vorab gebuhren|vorabgebuhr\w*|vorab (\S+ )?(bezahlt|gezahlt|uberwiesen)|(firma|die|sie|er) (ist|sind) (\S+ )?(verschwunden|nicht mehr erreichbar|abgetaucht)|daten eingegeben`,
		},
		[]string{ // Swedish
			`(tappat|tappade|forlorat|forlorade)( bort)? ((mitt|mina|min) (\S+ )?)?(\w*kort|\w*kortet|\w*korten|planbok|planboken)|var (ett )?(bluff|bedrageri)$|(konstiga|okanda|markliga) (dragningar|kop|uttag)|(vill|kraver) (de|dom|han|hon) (ha )?(\S+ ){0,3}(till|mer) for att (betala ut|frigora)|(saljaren|kopare|hyresvarden)( \S+){0,2} (forsvann|har forsvunnit|blockerade mig|svarar inte)|(plattform|appen|sajten)( \S+){0,6} (later mig inte|gar inte att) (ta ut|plocka ut)`,
			`(kort|kortet) (har )?(skimmats|kopierats|klonats|skimmat)|utger sig for att vara (jag|mig)|(ger|gav) sig ut for att vara (jag|mig)`,
			`sa att (de|han|hon|dom) (var|ringde) fran (banken|min bank)|gav (honom|henne|dem|dom) (mitt|mina|min) (kortnummer|kod|koder|uppgifter|bankid)`,
			`(hackat|hackade|kapat|kapade) (min|mitt|mina)|(nagon|en framling|en okand|okanda) (har )?(handlat|ansokt|tagit|anvant|lant|oppnat)( \S+){0,3} (med|i|pa) (mitt|mina|min) (kort|uppgifter|namn|konto|bankid)`,
			`(blivit|blev|har blivit) (stulet|stulen|stulna|kapat|kapad|hackat|hackad|lurad|lurade|bedragen)|stulit min|stulit mitt`,
			`(tagit|tog|ansokt|ansokte|oppnat|oppnade)( \S+){0,4} (i mitt namn|med mitt bankid)|latsades vara|jag inte (har )?gjort|okanda (dragningar|kop|uttag)`,
			`falsk lank|(utsatt for|drabbad av|drabbats av|offer for) (en )?(id ?stold|identitetsstold)|utan (lov|tillstand|mitt medgivande)|anvant mitt (kort|konto)|bluffsamtal|avgift i forskott|kontot (ar )?tomt`,
			`(skrev in|lamnade|gav) (mina|alla mina) (kortuppgifter|uppgifter|bankuppgifter)|som jag aldrig (gjort|godkant)|(inte|aldrig) (ar|var) mina|inte var jag|(kontot|sparkontot|mitt konto) (har )?(tomts|lansats|tomt)|(gav|lamnade) (honom|henne|dem|dom) (koden|min kod|mina koder|mitt bankid|kortnumret)|falsk (bankman|banktjansteman|bank|polis)|utgav sig for att (vara|komma)|som jag inte (kanner igen|har gjort)|skrev in mina uppgifter|(svarar|svarade) (de|dom|han|hon|foretaget) inte (langre|langre pa telefon)?|(foretaget|de|dom) (har )?forsvunnit`,
		},
	)},
	{Bereavement, lexicon(
		[]string{ // English
			`(` + personEN + `)'s (just |recently |suddenly )?(died|passed|gone)`,
			`passed away|(` + personEN + `) (just |recently |suddenly )?(died|passed|was killed|is dead|has died|has passed)|my late (` + personEN + `)`,
			`executor (for|of|to)|(sorting|handling|dealing with|settling|winding up) (my )?(\S+ )?estate|(\w+)'?s estate|(mother|father|mum|mom|dad|husband|wife|son|daughter|brother|sister|grandmother|grandfather|uncle|aunt) (\S+ )?expired|inherited (\S+ ){0,3}(debt|loan|card|credit card)|bereave\w*|widow(ed|er)?|death in the family|lost (my|our) (` + personEN + `)|funeral|buried (my|our)`,
			`(he|she) passed (away|yesterday|last \S+|recently|on)|(he|she) (just |suddenly )?died|(` + personEN + `) (\S+ )?passed (last|yesterday|this|on)`,
		},
		[]string{ // Spanish
			`enterr\w* a (mi|nuestr[oa])`,
			`(acaba|acababa) de (morir|fallecer) (mi|el|la)|(ha|acaba de) (morir|fallecer|fallecido|muerto) (mi )?(` + personES + `)`,
			`(fallecio|ha fallecido|murio|ha muerto) (mi|el|la) (` + personES + `)|mi (` + personES + `) (ha )?(fallecido|fallecio|murio|muerto|ha muerto)`,
			`viud[oa]|perdi a mi (` + personES + `)|(perdimos|hemos perdido) a (nuestr[oa]|mi) (` + personES + `|bebe|nino|nina)|albacea|(soy|como) (el |la )?(heredero|heredera)|declaracion de herederos|herencia de mi|difunt[oa]|certificado de defuncion|funeral|entierro|enterrar a mi`,
		},
		[]string{ // French
			`enterre (mon|ma|notre)`,
			`(mon|ma) (` + personFR + `) (est|vient de|viens de|a fini par) (decede|decedee|deceder|mort|morte|mourir|parti|partie|nous quitter)|veu(f|ve)|(mort|deces|disparition) de (mon|ma) (` + personFR + `)`,
			`j'? ?ai perdu (mon|ma) (` + personFR + `)|(nous avons|on a) perdu (notre|nos) (` + personFR + `|enfant|bebe)|succession de (mon|ma|notre)|(je suis|en tant qu'? ?|en qualite d'? ?)(l'? ?)?(heritier|heritiere)|acte de deces|defunt\w*|deces de (mon|ma)|obseques|funerailles|enterrer (mon|ma)`,
		},
		[]string{ // German
			`(meinen|meine|unseren|unsere) (` + personDE + `)( \S+){0,4} beerdigt`,
			`(mein|meine) (` + personDE + `)( \S+){0,5} (verstorben|gestorben|tot)|witwe\w*|verwitwet`,
			`(meinen|meine) (` + personDE + `) verloren|(unser|unseren|unsere|mein) (kind|baby|` + personDE + `) verloren|erbe (von|meines|meiner)|erbin (von|meines|meiner)|erbschein|sterbeurkunde|meines verstorbenen|meiner verstorbenen|todlich verungluckt|gstorbe|todesfall in der familie|beerdigung|(meinen|meine) (` + personDE + `) beerdigt`,
		},
		[]string{ // Swedish
			`begravde (min |mitt )?(` + personSV + `)`,
			`(min|mitt) (` + personSV + `)( \S+){0,2} (gatt bort|gick bort|dog|ar dod|avled|avlidit|har dott|dott)|^(mamma|pappa|mormor|morfar|farmor|farfar|min man|min fru|min sambo) (har |just |precis )*(gatt bort|dott|avlidit|dog|somnat in)|jag ar anka|ankling`,
			`forlorat min (` + personSV + `)|(forlorat|forlorade) (var|vart|min|mitt) (barn|bebis|` + personSV + `)|dodsbo\w*|bouppteckning|omkom|(jag ar|som) (en )?arvinge|begravning|begravt min`,
		},
	)},
	// Frauds told as stories: a caller or a visitor posing as the bank or the police, money
	// moved to a "safe account", remote access to a computer, someone using one's name.
	{Fraud, lexicon(
		[]string{ // English
			`(said|claimed|pretended|pretending|saying) (he|she|they) (was|were|is|are) from (the|my) (bank|police|fraud team|bank'?s security|security team)|took my (bank |debit |credit )?card (to check|for checking|away to)|(moved|move|moving|transferred|transfer|put|sent) (\S+ ){0,4}(to|into) (a|the|their) (safe|secure|safety) account|(gave|give|let|allowed|installed) (\S+ ){0,3}(remote access|anydesk|teamviewer)|remote access to my (computer|laptop|pc|phone)|(someone|somebody|they|he|she|a stranger|criminals|scammers) (is |are |has |have |must be )?(been )?(use|used|using|uses) my (identity|name|details)|(loans?|cards?|credit|accounts?) (that )?i (never|didn'?t|did not) (apply|applied|ask|asked|take out|took out|open|opened|sign|signed)`,
		},
		[]string{ // Spanish
			`(dijo|decia|dijeron) que (era|eran) (de|del) (el |la )?(banco|policia|seguridad|departamento)|se llevo mi tarjeta|(movi|mover|transferi|pase|pasar|puse) (\S+ ){0,4}a una cuenta segura|acceso remoto (a|en) mi (ordenador|computadora|pc|movil|celular)|(usando|usa|utiliza|utilizando|esta usando|ha usado) mi (nombre|identidad|dni)|(prestamos?|tarjetas?|creditos?) que (yo )?nunca (pedi|solicite|abri)|(pide|piden|pidio|pidieron) mas dinero para (devolver|liberar|desbloquear|sacar|retirar)`,
		},
		[]string{ // French
			`(s'? ?est presente|se presentant|se disant|pretendait etre|disait etre|a dit qu'? ?il etait|disant etre) (comme )?(\S+ ){0,2}(de la banque|de la police|agent|conseiller|employe)|(a pris|a emporte|est parti avec) ma carte|(vire|transfere|deplace|mis|verse) (\S+ ){0,4}(sur|vers) un compte (securise|de securite)|acces a distance (a|sur) mon (ordinateur|pc|telephone)|(quelqu'? ?un|on|ils|il|elle) (\S+ )?(utilise|utilisent|utilisait|a utilise) mon (nom|identite)|(credits?|prets?|cartes?) que je n'? ?ai jamais (demandes?|demandees?|souscrits?|ouverts?)|que je n'? ?ai jamais (ordonnes?|ordonnees?|faits?|faites|autorises?|autorisees?)`,
		},
		[]string{ // German
			`(gab sich|hat sich|gaben sich) (\S+ ){0,4}als (\S+ )?(bankmitarbeiter\w*|sicherheitsdienst|polizist\w*|polizei|mitarbeiter der bank|bankberater\w*) (aus|vorgestellt|ausgegeben)|(nahm|hat) (\S+ ){0,3}meine karte (\S+ ){0,2}mit(genommen)?|(auf|in) (ein|das) sichere\w* konto (\S+ )?(uberwiesen|uberweisen|verschoben|gebracht|transferiert)|fernzugriff auf mein\w* (computer|rechner|laptop|pc|handy)|(hat|haben) mir (\S+ ){0,6}(entwendet|gestohlen|geklaut)|(benutzt|verwendet|nutzt) meinen namen|(kredite?n?|karten?|konten) (\S+ ){0,2}die ich nie (beantragt|aufgenommen|eroffnet)`,
		},
		[]string{ // Swedish
			`sa att (han|hon|de|dom) var fran (banken|bankens \w+|polisen|sakerhetsavdelningen)|tog mitt kort|(flyttade|flytta|overforde|satte in) (\S+ ){0,4}till ett sakert konto|(fjarrstyr\w*|fjarratkomst) (\S+ ){0,2}(min|mitt) (dator|telefon|mobil)|(nagon|de|dom|han|hon) (\S+ )?anvander mitt namn|(lan|kort|krediter) (som )?jag aldrig (har )?(sokt|ansokt om|tagit|oppnat)`,
		},
	)},
	// Deaths of people outside the immediate family (a best friend, an uncle, a partner one
	// was not married to), told with a loan, a guarantee or an estate in the same breath.
	{Bereavement, lexicon(
		[]string{ // English
			`(lost|losing) (my|our) (best )?(friend|mate|buddy|cousin|nephew|niece|grandson|granddaughter|stepdad|stepmum|stepmom|stepfather|stepmother|father in law|mother in law|godfather|godmother|girlfriend|boyfriend|workmate|colleague)|(my|our|a) (best )?(friend|mate|buddy|cousin|nephew|niece|grandson|granddaughter|stepdad|stepmum|stepmom|father in law|mother in law|flatmate|roommate|godmother|godfather|workmate|colleague)( \S+){0,6} (died|passed away|passed|was killed|has died|is dead|took (his|her) (own )?life)`,
		},
		[]string{ // Spanish
			`mi (` + personES + `|amig[oa]|mejor amig[oa]|ti[oa]|prim[oa]|suegr[oa]|niet[oa]|sobrin[oa]|abuelit[oa]|madrina|padrino|compa[nñ]er[oa](?: de trabajo)?)( \S+){0,8} (se murio|se ha muerto|murio|fallecio|ha fallecido|nos dejo|se mato|se ha matado)|(se murio|se ha muerto|fallecio|murio|nos dejo) (mi|el|la) (amig[oa]|ti[oa]|prim[oa]|suegr[oa]|abuelit[oa])`,
		},
		[]string{ // French
			`(mon|ma) (` + personFR + `|ami|amie|meilleur ami|meilleure amie|oncle|tante|cousin|cousine|beau pere|belle mere|neveu|niece|petit fils|petite fille|parrain|marraine|copine|copain|collegue)( \S+){0,8} (nous a quittes?|nous a quittee|est decedee?|est morte?|est parti|est partie|s'? ?est eteinte?|s'? ?est tuee?)|(deces|mort) de (mon|ma) (ami|amie|oncle|tante|cousin|cousine)`,
		},
		[]string{ // German
			`(mein|meine) (` + personDE + `|freund|freundin|beste freundin|bester freund|onkel|tante|cousin|cousine|lebensgefahrte|lebensgefahrtin|schwager|schwagerin|schwiegervater|schwiegermutter|neffe|nichte|enkel|enkelin|patentante|patenonkel|kollege|kollegin|arbeitskollege|arbeitskollegin)( \S+){0,8} (verstorben|gestorben|tot|todlich verungluckt)|(ein|eine) (arbeitskollege|arbeitskollegin|kollege|kollegin|freund|freundin)( \S+){0,8} (verstorben|gestorben|todlich verungluckt)|(nach dem|seit dem|durch den) tod (meines|meiner|unseres|unserer)|(tod|ableben) (meines|meiner) (\S+ )?(` + personDE + `|freundes|freundin|onkels|tante|lebensgefahrten|lebensgefahrtin|vaters|bruders|sohnes|mannes)`,
		},
		[]string{ // Swedish
			`(min|mitt) (` + personSV + `|kompis|van|vannina|basta van|farbror|morbror|faster|moster|kusin|svarfar|svarmor|barnbarn|svager|svagerska|gudmor|gudfar|flickvan|pojkvan|arbetskamrat|kollega)( \S+){0,4} (gatt bort|gick bort|dog|ar dod|avled|avlidit|har dott|dott|omkom)|(en|min) (arbetskamrat|kollega|van|kompis)( \S+){0,8} (omkom|dog|avled|gick bort)`,
		},
	)},
	{Vulnerability, lexicon(
		[]string{ // English
			`tumou?r|learning (difficult\w*|disabilit\w*)|(in|use|using|uses|need|needs|stuck in) a wheel ?chair|wheel ?chair (user|bound)`,
			`going (blind|deaf)|losing my (sight|hearing|memory)|chronic (illness|disease|condition|pain)`,
			`(care|caring|carer) for (my|a) (disabled|sick|ill|seriously ill|terminally ill)|full time carer|(terminal|incurable|stage (3|4|three|four)) (cancer|illness|disease)|frightened of (him|her|them|my)|(controls|checks) every penny|transplant`,
			`diagnosed with|(i have|i'?ve got|i got|i'?m fighting|i'?m battling|i am fighting|i'?m living with|told i have) (\S+ )?(cancer|dementia|alzheimer'?s|ms|parkinson'?s|a terminal illness|a brain tumou?r|depression|leukaemia|leukemia)`,
			`chemo\w*|terminal(ly)? ill\w*|dementia|alzheimer\w*|had a stroke|heart attack|brain injury|(i'?m|i am) disabled|my disability|learning disabilit\w*|autis\w*`,
			`(is|being) abusive|abus(ed|ing) me|domestic (abuse|violence)|(hits|beats|hurts) me|controls (all )?(our|my) money|forces me|won'?t let me (see|access|have)`,
			`partially sighted|(i'?m|i am|i'?ve been|been|was) (\S+ )?(in|into) hospital|hospitali[sz]ed|seriously ill|(i'?m|i am) (very |terminally |so |really )?(ill|sick)`,
			`severe (anxiety|depression)|(treated|treatment) for (depression|cancer)|bipolar|mental health (problems|issues|condition)|caring for my (disabled|sick)`,
			`can'?t read (very )?well|struggle to (read|understand)|threatening me|scared of my (husband|wife|partner)|pressur\w* me|go slowly|simple words`,
			`(i had|i'?ve had|i'?m having|i have to have|i need|i needed|recovering from|after|waiting for|booked in for) (an? |my |major |emergency )?(\S+ )?(surgery|operation|transplant)|(had|having|suffered) a (stroke|heart attack|brain injury|breakdown)|(since|after) (my|the|a) (stroke|heart attack|brain injury|accident|operation|surgery)|(confused|muddled) (with|by) (numbers|forms|figures|money|paperwork)|(on|signed off on) (long term )?sick (leave|note)|signed off (work )?sick`,
			`adhd|dyslexi\w*|dyscalculia|(struggle|struggling|trouble|difficulty|hard for me|can'?t cope) (with|to) (numbers|forms|figures|paperwork|reading)|can'?t keep track of (numbers|money|my finances|bills)|memory (problems|loss|is going)|(mental|cognitive) (decline|impairment)|(i'?m|i am) (registered )?(blind|deaf)`,
			`schizophreni\w*|psychosis|psychotic|manic (episode|phase)|hard of hearing|(i'?m|i am|im) (going |partially |profoundly )?deaf|macular degeneration|(i'?m|i am) (partially sighted|visually impaired)`,
		},
		[]string{ // Spanish
			`tumor|(voy|estoy|ando|vivo) en (una )?silla de ruedas|uso (una )?silla de ruedas`,
			`enfermedad cronica|padezco`,
			`(cancer|enfermedad) (terminal|incurable)|(cuido|cuidar) (a|de) (mi|un) (\S+ )?(con discapacidad|enferm[oa]|dependiente)`,
			`diagnosticad[oa]|tengo (un )?cancer|demencia|alzheimer|discapacidad|me maltrata|maltrato|violencia (domestica|de genero)|me pega`,
			`enfermedad (grave|terminal|incurable)|muy enferm[oa]|quimio\w*|depresion|me quita (todo )?(el|mi) dinero|me cuesta (leer|entender)|me obliga a`,
			`me (han|acaban de|van a|tienen que) (operar|intervenir|ingresar)|(tengo|tuve|me hicieron|me van a hacer|despues de|recuperandome de) (una|la|mi) (operacion|cirugia|intervencion|trasplante)|(tuve|he tenido|sufri|me dio) un (ictus|infarto|derrame)|(despues|desde) (del|de mi|de un) (ictus|infarto|derrame|accidente|operacion)|me cuesta(n)? (mucho )?(entender|leer|manejar) (los numeros|los papeles|las cuentas|los formularios)|(estoy|voy a estar|llevo) (\S+ ){0,2}de baja|baja (medica|por enfermedad)`,
			`tdah|dislexia|discalculia|me cuesta(n)? (mucho )?(los numeros|las cuentas|los papeles|los formularios|recordar|concentrarme)|problemas de memoria|(soy|estoy) (ciego|ciega|sordo|sorda)`,
			`esquizofreni\w*|psicosis|bipolar|fase maniaca|(soy|estoy|me he quedado) (sord[oa]|ciego|ciega)|hipoacusia|baja vision|degeneracion macular`,
		},
		[]string{ // French
			`tumeur|(suis|je suis|vis) en fauteuil( roulant)?`,
			`maladie chronique|je souffre d'? ?(une|un)`,
			`atteinte? d'? ?(un|une) (cancer|maladie)|phase terminale|diagnostiqu\w*|sclerose|handicap\w*`,
			`diagnostique|j'? ?ai (un )?cancer|demence|alzheimer|handicap\w*|est violent|violences conjugales|gravement malade|maladie (grave|incurable|incurables)`,
			`sous (curatelle|tutelle)|mon (curateur|tuteur)|hospitalise|troubles de (la )?memoire|chimio\w*|depression|me prend (tout )?(mon|l'? ?) ?argent|du mal a (lire|comprendre)|m'? ?oblige a|me frappe`,
			`(je viens d'? ?etre|j'? ?ai ete|je vais etre|je dois etre) (opere|operee)|(subir|subi|apres|depuis) (une|mon|ma) (operation|chirurgie|greffe)|(j'? ?ai fait|j'? ?ai eu|victime d'? ?) ?(un|une) (avc|infarctus|crise cardiaque)|(en|mis en|mise en) arret maladie|arret de travail`,
			`tdah|dyslexi\w*|dyscalculie|du mal (avec|a gerer) (les chiffres|les papiers|les formulaires|la paperasse)|(perte|problemes?) de memoire|(je suis|suis) (aveugle|sourde?|malvoyante?)`,
			`schizophren\w*|psychose|bipolaire|phase maniaque|malentendante?|malvoyante?|(je suis|jsuis|suis) (devenue? )?(sourde?|aveugle)|degenerescence maculaire`,
		},
		[]string{ // German
			`\w*tumor|(sitze|bin) (ich )?im rollstuhl|rollstuhlfahrer\w*`,
			`chronisch\w* (krankheit|erkrankung|krank)|ich leide an`,
			`schizophren\w*|psychose|bipolar\w*|manische\w* phase|schwerhorig|gehorlos|(ich bin|bin) (taub|blind)|sehbehindert|makuladegeneration`,
			`(pflege|betreue) (\S+ )?(meinen|meine|mein) (\S+ )?(behinderten|kranken|pflegebedurftigen)|pflegefall|behindert\w*|endstadium|unheilbar\w*`,
			`habe krebs|krebsdiagnose|demenz|alzheimer|schwerbehindert|behinderung|gewalttatig|hausliche gewalt|schwer krank|(schwere|unheilbare) krankheit`,
			`gesetzliche\w* betreu\w*|unter betreuung|(bin|liege?) (\S+ )?im krankenhaus|chemo\w*|depression\w*|nimmt mir (mein|das) (ganzes )?geld|schlecht lesen|zwingt mich|schlagt mich`,
			`(wurde|werde|bin) (\S+ )?operiert|(eine )?(operation|op|transplantation) (am|an der|an den) \S+|schlaganfall|herzinfarkt|krankgeschrieben|krankschreibung|(lange|langer|langere) (zeit )?krank`,
			`adhs|legasthenie|dyskalkulie|(schwer|schwierig|muhe) mit (zahlen|formularen|papierkram|dem lesen|dem verstehen)|gedachtnisprobleme|(bin|ich bin) (blind|gehorlos|taub|sehbehindert)`,
		},
		[]string{ // Swedish
			`\w*tumor|sitter i rullstol|rullstolsburen|(anvander|behover) rullstol`,
			`kronisk\w* sjuk\w*|jag lider av|cancerdiagnos\w*`,
			`obotlig\w*|funktionsnedsatt\w*|(tar hand om|vardar|tar hand om min) (min|mitt) (sjuka|funktionsnedsatta|handikappade)|fatt (en )?diagnos\w*|diagnosen`,
			`(har|fatt) cancer|demens|alzheimer|funktionsnedsattning|valdsam\w*|vald i (hemmet|nara relation)|svart sjuk|(allvarlig|obotlig) sjukdom`,
			`(ligger|ar) pa sjukhus|cellgift\w*|depression|tar (alla )?mina pengar|svart att (lasa|forsta)|tvingar mig|slar mig`,
			`(ska|har|blev|har blivit|ska bli) (\S+ )?opererad|(en )?(operation|transplantation) (av|i|pa) \S+|(fick|haft|har haft) (en )?(stroke|hjartinfarkt|propp)|sjukskriven|sjukskrivning|langtidssjuk`,
			`adhd|dyslexi|dyskalkyli|svart (med|att hantera|att halla koll pa) (siffror|blanketter|papper|pappersarbete|pengar|ekonomin)|minnesproblem|(ar|jag ar) (blind|dov|synskadad)`,
			`schizofren\w*|psykos|bipolar\w*|manisk\w*|(jag ar|ar|e|jag e|blivit) (dov|horselskadad|synskadad|blind)|makuladegeneration|jag ser (mycket |valdigt )?(daligt|illa)$|jag ser (mycket |valdigt )?(daligt|illa) (och|sa|nu|numera)`,
		},
	)},
	{Hardship, lexicon(
		[]string{ // English
			`(evicting|evict) (us|me)|being evicted|drowning in (\S+ ){0,2}debts?|food ?banks?|(loan|payments?|mortgage|rent) (is|are) impossible`,
			`(i'?m|we'?re|i am|we are) behind$|threaten\w* to take`,
			`struggling to (keep up|pay|make|meet|cover)|(payments?|repayments?|instalments?|installments?) (are|is) (\S+ )?too (much|high) for (me|us)|(payments?|repayments?) are (just )?too much|(shifts?|hours|pay|wages?|salary|income) (have been|has been|were|was|got|have got) (cut|reduced|slashed|halved)|(will|i'?ll|going to|gonna|about to) (miss|default on) (this|next|my|the|our) (\S+ ){0,2}(payment|instalment|installment|repayment)`,
			`ccj (letter|claim|papers)|county court (claim|papers)|(and|but|i have|i'?ve got|i see|with) no way (to|i can|of) (pay|paying|repay|keep up)|business (has )?(\w+ )?(collapsed|gone under|folded|gone bust|went bust|went under)|recovery agents?|(debt )?collectors? (keep |are |have been )?(calling|ringing|chasing|phoning)|emi (is |are )?bouncing|salary (not|hasn'?t been) (credited|paid)|lost (my|his|her|our) (job|income|work|house)|laid off|made redundant|unemployed|off work|out of work|no income|income (dropped|fell)|reduced hours|hours (got )?cut`,
			`(can'?t|cannot|unable to) (afford|pay|make|keep up|cover|meet|repay)( \S+){0,3} (loan|loans|payments?|mortgage|rent|bills?|card|installments?|debts?)`,
			`^(can'?t|cannot) pay|(can'?t|cannot) pay (anymore|any of|my|it|this)|(can'?t|cannot) (make ends meet|keep up)|put food on the table`,
			`behind (on|with)|(months?|payments?) behind|falling behind|fallen behind|fell behind|in arrears|arrears on|missed (\S+ )?payments|overdrawn`,
			`(debt )?collectors (keep|are|have|called|calling|chasing|at)|letter from (a )?(debt )?collect\w*|collection agency|bailiffs?|chasing me for|court action`,
			`repossess(ed|ing)? (my|our)|threaten\w* to repossess|eviction|foreclosure notice|facing foreclosure|(in|into) foreclosure|(going|gone|went|declar\w*|filing for|file for|i'?m|i am) bankrupt\w*`,
			`(about|going) to default|defaulted|drowning in debt|struggling (to pay|financially|with (money|debt|payments|bills))`,
			`money is (really |so )?tight|stop paying|no money (left|to pay)|(salary|income|wages?|pay|paycheck) (isn'?t|is not|doesn'?t|does not) (enough|cover)|doesn'?t cover my|payment bounced|business (failed|went under|collapsed|went bust)`,
		},
		[]string{ // Spanish
			`desahuciar|ahogad[oa] (en|con) (\S+ ){0,3}deudas|banco de alimentos|comedor social`,
			`no llego a pagar\w*`,
			`(recibos?|cuotas?|mensualidades|letras|plazos) (\S+ ){0,4}sin pagar|impagad[oa]s?|(no tengo|sin) (ningun )?ingresos?|me han (reducido|bajado|recortado) (la jornada|el sueldo|las horas|el salario)|(empresa|negocio|tienda) (ha cerrado|cerro|quebro|ha quebrado)`,
			`perdi (mi|el) (trabajo|empleo)|me (han )?(despedido|echado)|me he quedado sin (trabajo|empleo)|en (el )?paro|desemplead\w*|sin (trabajo|ingresos|empleo)`,
			`no (puedo|podemos|llego a) (pagar|hacer frente|devolver)|no me llega|no llego a fin de mes|atrasad[oa] en|debo (\S+ )?cuotas|reducido el sueldo`,
			`(me )?(metieron|han metido|incluyeron) en (asnef|el buro|un fichero)|(los de )?(la )?cobranza (me|nos) (llaman|llama|marcan)|atrasad[oa] (\S+ )?(cuotas|pagos|meses|letras)|(cuotas|pagos) de retraso|requerimiento de pago|no (voy a poder|podre) pagar|cobradores|(empresa|agencia|los|las) de (recobro|cobros)|recobros?|dejar de pagar|no tengo (dinero|un duro)|reclamando deudas|embargar|embargo de|desahucio|en quiebra|ahogad[oa] en deudas|dificultades economicas`,
		},
		[]string{ // French
			`(etre|va etre|vont etre|sommes) expulse\w*|crou\w* sous (les |des |mes )?(\S+ )?dettes|banque alimentaire|restos du coeur`,
			`(mensualites?|echeances?) (\S+ ){0,2}impaye\w*|(societe|agence|cabinet|service) de recouvrement|recouvrement|(reduit|baisse|diminue) (mes|les) heures|(plus|pas) (aucun|de) revenus?|plus aucun revenu`,
			`perdu (mon|son) (travail|emploi|boulot)|licencie|au chomage|(suis|sommes|est|me retrouve|nous retrouvons|reste|restons|depuis|mois|semaines) sans (revenus?|emploi|travail|salaire)|ne (peux|peut|pouvons) (plus|pas) (payer|rembourser)`,
			`n'? ?arrive (pas|plus) a (payer|rembourser)|impayes?|(mensualites?|paiements?) de retard|retard de paiement|huissiers?|saisir (ma|mon)|relances`,
			`(je suis )?fiche (a la banque de france|au ficp)|(echeances|mensualites) de retard|mise en demeure|peux plus (rembourser|payer)|surendett\w*|arreter de payer|plus d'? ?argent|difficultes financieres|je ne m'? ?en sors plus|boucler les fins de mois|mon salaire a baisse|expulsion`,
			`(fait|en) faillite|(plus|aucun|pas) de (revenus?|salaire)|(rater|manquer|louper|sauter) (la|une|ma|mes) (prochaine )?(echeance|mensualite)s?|(chomage|licenciement) partiel`,
		},
		[]string{ // German
			`zwangsgeraumt|zwangsraumung|(ersticke|ersticken) in \w*schulden|in schulden ersticken|(bei der )?tafel (gehen|essen)`,
			`(stunden|gehalt|lohn|arbeitszeit) (wurde|wurden|ist|sind) (\S+ )?(gekurzt|reduziert|halbiert)|im verzug|(schaffe|packe|kann) (die|meine) (rate|raten|zahlungen|miete) (nicht|kaum)|kurzarbeit`,
			`(job|arbeit|stelle) verloren|arbeitslos|ohne (arbeit|job|einkommen)|(wurde|bin|wurden) gekundigt|kein einkommen|gehalt (wurde )?gekurzt`,
			`nicht (mehr )?(be)?zahlen|nicht mehr zuruckzahlen|im ruckstand|inkasso\w*|mahnung\w*|uberschuldet|zahlungsschwierigkeit\w*|privatinsolvenz`,
			`(schufa ?eintrag|negativer schufa)|(raten|zahlungen) (\S+ )?im ruckstand|nicht mehr hinterher|kein geld mehr|habe kein geld|nicht mehr uber die runden|zwangsversteigerung|pfandung|gepfandet|gerichtsvollzieher`,
		},
		[]string{ // Swedish
			`(blir|ska bli|har blivit) vrakta?|drunknar i \w*skulder|matbank\w*`,
			`(som|att) (jag|vi) inte (kan|klarar att) betala`,
			`(timmar|timmarna|lon|lonen|arbetstid) (har )?(dragits ner|sankts|minskats|kortats|halverats)|klarar inte (rantan|raten|betalningen|betalningarna|lanet|hyran|manadskostnaden)`,
			`forlorat (mitt )?jobb\w*|uppsagd|arbetslos|utan (inkomst|jobb|arbete)|kan inte betala|ligger (\S+ ){0,3}efter|inkasso\w*|kronofogden`,
			`permitterad\w*|betalningssvarigheter|betalningsanmarkning|(pengarna|lonen) racker inte|hotar att ta|vrakning|sankt lonen|lonen har sankts|paminnelser om skulder`,
			`klarar inte (av )?(avbetalningarna|raterna|rakningarna|betalningarna)|(har|finns) inga pengar`,
		},
	)},
	// Hardship told as a story: a business closed, hours or days cut, letters from the bank
	// about missed payments, an overdraft at its limit, direct debits bouncing.
	{Hardship, lexicon(
		[]string{ // English
			`(closed|shut) (down )?(my|our|his|her|the family) (business|shop|restaurant|cafe|salon|company|store)|(business|shop|restaurant|cafe|salon|store) (closed|shut down|had to close)|(only|just) (give|gives|giving|given) me (one|two|three|\d+) (days|shifts|hours) (a|per) week|(cut|cutting|reduced|halved) (my|our|his|her) (hours|shifts|days|pay|wages)`,
			`(letters?|notices?) (of default|about (missed|late) payments|from the bank about)|default notices?|overdraft (is )?(maxed|full|at (its|the) limit|completely used)|maxed out (my |the )?overdraft|(direct debits?|debits|payments?|standing orders?) (are |keep |have been |all )?(bouncing|bounced|being returned|getting returned|failing)|(\w+|\d+) months? (behind|in arrears|late) (on|with)|overdraft'?s? (is )?(at|over) (the|its|my) limit|(came|bounced|were sent|got sent) back unpaid|returned unpaid|work (has )?dried up|no work (is )?coming in`,
		},
		[]string{ // Spanish
			`(cerraron|cerro|cerramos|tuve que cerrar|tuvimos que cerrar|ha cerrado) (el |la |mi |nuestro |nuestra )?(negocio|tienda|bar|restaurante|merceria|taller|local|empresa)|(solo|nada mas) me (dan|dieron|ponen) (un|uno|dos|tres|\d+) (dias|turnos|horas) (a la|por) semana|me (han )?(quitado|recortado) (horas|turnos|dias)`,
			`cartas? (de impago|del banco por impago|de reclamacion)|(meses|cuotas|letras) de retraso|(llevamos|llevo|vamos) (\S+ )?meses (de retraso|sin pagar)|(descubierto|numeros rojos)( \S+){0,3} (al limite|a tope)|(recibos|domiciliaciones|cargos) (\S+ )?(devueltos|rebotan|rechazados)|en numeros rojos|(devolvieron|devuelven|han devuelto|rechazaron) (\S+ ){0,3}(recibos|domiciliaciones|cargos|cuotas)|(cuotas|pagos|letras|recibos) atrasad[oa]s|no (podemos|puedo) con (las|la|el) (cuotas?|letras|hipoteca|pagos|prestamo)`,
		},
		[]string{ // French
			`(fermeture|ferme|fermer) (de |d'? ?)?(notre|ma|mon|la|sa|son) (boulangerie|boutique|commerce|restaurant|entreprise|magasin|salon|bar|societe)|(ne )?(me )?(donne|donnent|laisse) (plus )?(que )?(un|deux|trois|\d+) (jours|creneaux|heures) par semaine|(reduit|coupe|baisse) (mes|nos) (heures|jours)`,
			`(decouvert|compte)( \S+){0,3} (explose|a fond|au max|au maximum|depasse)|dans le rouge|prelevements?( \S+){0,6} (rejetes?|refuses?|impayes?|revenus?)|(echeances|mensualites|paiements|prelevements) en retard|lettres? de (relance|la banque|mise en demeure)|(mois|echeances) de retard`,
		},
		[]string{ // German
			`\w*(laden|geschaft|betrieb|restaurant|firma|backerei|salon)( \S+){0,3} (schliessen|geschlossen|aufgeben|aufgegeben|pleite)|(nur noch|bloss noch) (einen|zwei|drei|\d+) (tage|schichten|stunden) (pro|die|in der) woche|(stunden|schichten|tage) (\S+ )?(gestrichen|gekurzt)`,
			`(dispo|dispokredit|uberziehungsrahmen|konto)( \S+){0,5} (ausgereizt|ausgeschopft|am limit|uberzogen)|(raten|monate) (hinten|hinterher)|pleite gegangen|lastschrift\w*( \S+){0,4} (platzen|geplatzt|zuruck|zuruckgegangen|gehen zuruck)|mahnbescheid|(monate|raten) (im )?(ruckstand|verzug)|(kann|konnen) (ich |wir )?(das )?unmoglich (begleichen|bezahlen|zahlen)`,
		},
		[]string{ // Swedish
			`(stangt|stangde|lade ner|lagt ner|fick stanga) (\S+ )?\w*(foretaget|butiken|restaurangen|salongen|firman|cafeet)|(jag har|vi har|har) missat (\S+ )?betalning\w*|brev (fran banken )?om missade betalningar|(gick|gatt|har gatt) i konkurs|(bara|endast) (ett|en|tva|tre|\d+) (pass|dagar|timmar) (i veckan|per vecka)|(drog ner|minskade|skar ner) (pa )?(mina|vara) (timmar|pass)`,
			`(kontot|konto)( \S+){0,3} (pa minus|overtrasserat|overdraget)|(autogiron|autogirot|dragningarna)( \S+){0,2} (studsar|gar inte igenom|studsade)|betalningsstorning|betalningsanmarkning|(manader|manad) efter med`,
		},
	)},
}

// idioms use death and killing for something else: "dying to know", "my phone died", "this
// heat is killing me". When one is all a message has, a model that reads a crisis into it is
// overruled; the lexicons above are not (a message can joke and still be a crisis).
var idioms = lexicon(
	[]string{`dying (to|for)|to die for|killing me|killed it|murder a|dying of (boredom|laughter|hunger|thirst|curiosity)|bored to death|scared to death`,
		`(car|phone|battery|laptop|computer|engine|tv|fridge|boiler|printer|plant|wifi|van|truck) (just |has |is |have |had |finally )?(died|dead|dying|is dead)`},
	[]string{`me muero (por|de)|se (me )?(ha )?muerto el|se (me )?murio (el|la|mi) (coche|movil|portatil|ordenador|bateria|nevera)|me esta matando`},
	[]string{`je meurs (d'? ?envie|de faim|de soif|de rire)|(voiture|telephone|batterie|ordinateur|portable) est (morte?|mort)|me tue$|m'? ?a tue de rire|me tue (de|avec)`},
	[]string{`sterbe vor|(auto|handy|akku|laptop|computer|wagen) ist (kaputt|tot)|bringt mich um`},
	[]string{`dor av (nyfikenhet|hunger|skratt|tristess)|(bilen|mobilen|mobil|datorn|batteriet|laptopen|telefonen) (har )?(dott|ar dod|dor)|tar dod pa mig`},
)

// policyTerms name clauses of a life policy after suicide: "what is the suicide clause?" is a
// question about a policy, unless something else in the message is a sign.
var policyTerms = rx(`suicide (clause|exclusion|provision|period)|(clausula|exclusion|carencia) (de |por )?suicidio|clause (de |d'? ?exclusion (de |du )?)?(du )?suicide|(suizid|selbstmord)(klausel|ausschluss)\w*|sjalvmords(klausul|undantag)\w*`)

// onlyPolicyTerm reports whether every match of re in a lies in the name of a policy clause.
func onlyPolicyTerm(a analysis, re *phrases) bool {
	flat := strings.TrimSpace(a.flat)
	if !policyTerms.MatchString(flat) {
		return false
	}
	return !re.MatchString(policyTerms.ReplaceAllString(flat, " "))
}

// safetyNet returns the sensitive intent the lexicons find in a, self-harm first, or "".
// A hit that stands only in a topic frame (see framed) or, for an illness, after an
// insurance word does not count; topic names the first such hit, for the classifier.
func safetyNet(a analysis) (intent, topic string) {
	// Only the lexicons that match at all can be found in or out of a frame.
	matching := safetyLexicons.matching(strings.TrimSpace(a.flat))
	for i, r := range safetyRules {
		if !matching[i] {
			continue
		}
		matched, inFrame := framed(a, r.re)
		switch {
		case !matched:
		case r.intent == SelfHarm && onlyPolicyTerm(a, r.re):
			if topic == "" {
				topic = r.intent
			}
		case r.intent == SelfHarm || (!inFrame && !(r.intent == Vulnerability && insured(a, r.re))):
			return r.intent, topic
		case topic == "":
			topic = r.intent
		}
	}
	return "", topic
}

// Requests for a person. A message that is only a name for a person ("human", "agent please",
// "berater") is a request whatever the model says; so are the phrases below.
var (
	humanAlone = map[string]bool{
		"human": true, "humans": true, "a human": true, "real human": true, "human being": true, "agent": true, "agents": true, "an agent": true,
		"live agent": true, "real agent": true, "person": true, "a person": true, "real person": true, "a real person": true, "representative": true,
		"rep": true, "operator": true, "transfer": true, "transfer me": true, "advisor": true, "adviser": true, "customer service": true, "support": true, "someone": true, "somebody": true,
		"humano": true, "un humano": true, "gerente": true, "el gerente": true, "operadora": true, "una operadora": true, "agente": true, "un agente": true, "persona": true, "una persona": true, "persona real": true, "asesor": true, "operador": true,
		"humain": true, "un humain": true, "conseiller": true, "un conseiller": true, "une personne": true, "vraie personne": true, "une vraie personne": true, "operateur": true,
		"mensch": true, "ein mensch": true, "berater": true, "mitarbeiter": true, "echte person": true, "sachbearbeiter": true,
		"manniska": true, "en manniska": true, "handlaggare": true, "radgivare": true, "en person": true, "riktig person": true, "kundtjanst": true, "personal": true, "personalen": true,
	}
	// politeness words dropped before looking a message up in humanAlone.
	politeness = rx(`please|now|asap|pls|plz|por favor|porfa|porfavor|ya|s'? ?il vous plait|s'? ?il te plait|svp|stp|bitte|sofort|tack|nu|then|just|i want|i need|want|need|quiero|je veux|ich will|jag vill ha`)
	humanRe    = rx(strings.Join([]string{
		// A person and a way of reaching one, in either order, a few words apart.
		`(talk|speak|chat|call|phone|ring|contact|connect|transfer|reach)( \S+){0,4} (human|person|agent|advis[oe]r|representative|operator|consultant|specialist|staff member|manager)`,
		`(human|person|agent|advis[oe]r|representative|operator|consultant|specialist) (\S+ ){0,4}(to )?(call me|phone me|ring me|contact me|talk to me|speak to me|speak with me)`,
		`(hablar|llamar|contactar|comunicar|comunicarme|atender|pasar|poner)( \S+){0,4} (humano|persona|agente|asesor|asesora|operador|gestor|especialista|empleado)`,
		`(humano|persona|agente|asesor|asesora|operador|gestor|especialista) (\S+ ){0,4}(me llame|me contacte|me atienda|me ayude)`,
		`(parler|appeler|contacter|joindre|passer|mettre)( \S+){0,4} (humain|personne|conseiller|conseillere|agent|operateur|specialiste|interlocuteur)`,
		`(conseiller|conseillere|humain|personne|agent) (\S+ ){0,4}(m'? ?appelle|me rappelle|me contacte|m'? ?aide)`,
		`(mensch\w*|person|\w*berater\w*|\w*mitarbeiter\w*|sachbearbeiter\w*|ansprechpartner\w*|\w*experte\w*|\w*expertin\w*|\w*spezialist\w*)( \S+){0,6} (sprechen|reden|anrufen|kontaktieren|zuruckrufen|besprechen)`,
		`(prata|tala|ringa|kontakta|koppla|na)( \S+){0,4} (manniska|person|handlaggare|radgivare|personal|specialist|kundtjanst)`,
		`(manniska|person|handlaggare|radgivare) (\S+ ){0,4}(ringer|ringa|kontaktar|kontakta|hjalper) mig`,
		`(talk|speak|chat) (to|with) (a |an |some |the |your |one of your )?(real |actual |live |human |financial |customer service )?(human|person|people|agent|advis[oe]r|representative|rep|someone|somebody|anyone|anybody|operator|manager|staff|being)|` +
			`(someone|somebody|a person|an agent|an advis[oe]r)( \S+){0,3} (to )?(call|phone|ring|email|contact|text) me|(phone )?number (i can|to) call|customer (service|support)|(can|could|would|will|please|pls) (\S+ )?(call|phone|ring) me|` +
			`^(call|phone|ring) me|put me on with|any humans|humans (working|there)|call(ed)? ?back|whoever is in charge|the person in charge|(a|your|the) supervisor|el responsable|un supervisor|le responsable|un superviseur|den verantwortlichen|vorgesetzten|den ansvarige|en chef|(put|transfer|connect|hand|pass|get) me (through |over )?(to|with) (a |an |the |your )?(human|person|agent|advis[oe]r|customer service|support|someone|operator|representative)|` +
			`get me (a |an )?(real |live )?(human|person|agent|someone|somebody|rep)|real (person|human|agent|advis[oe]r|rep)|live (agent|person)|actual person|` +
			`(not|than) (a|to a|with a) (bot|robot|machine|computer)|(don'?t|do not) want (to (talk|chat|speak) (to|with) )?(a|an|the) (bot|robot|machine|computer|algorithm|ai|software)|human being|` +
			`(anyone|someone|somebody|a human|a person) i can (talk|speak|chat) to|(a word|speak|speaking|talk) with (a |an )?(real |human )?(someone|somebody|person|human|advis[oe]r|specialist)|in touch with (someone|a person|an advis[oe]r|a human)|` +
			`(talk|speak) to (a|your|an) (specialist|expert|staff|team member)|(have|get|arrange|book) a (phone )?call (from|with|back)|one of your (advis[oe]rs|agents|staff|team|people)|(can|could) (a|an|one of your|some) (real )?(advis[oe]r|person|human|agent|consultant|representative|rep|specialist|expert) (help|assist|call|contact|look|check|go through|review)|your staff|(a )?(person|human|someone) on the (line|phone)|(give|get) me a (phone )?call|` +
			`phone number i can call|have someone contact me|help from a (human|person)|` +
			`(a|some|an|real) (person|human|advis[oe]r|agent) (to )?(look at|check|review|go through|help me)|i want (a |an )?(real |live )?(human|person|agent)|` +
			`(a |an )?(real )?(human|person|agent|advis[oe]r) (please|now)$|` +
			`(talk|speak|chat|discuss|go)( \S+){1,4} (to|with) (a |an |some |the |your )?(real |actual |live |human |financial )?(human|person|people|agent|advis[oe]r|representative|rep|someone|somebody|operator|manager)`,
		`hablar con (un |una |alguien|algun |el |la )?(persona|humano|agente|asesor|asesora|operador|alguien|gestor)|telefono (al que|donde|para) (pueda|puedo|llamar)|numero de telefono|persona (real|de verdad)|agente humano|` +
			`atencion (al cliente|humana)|(me|nos) (puede|pueden|podeis|podrian)? ?(llame|llamar|llamen)|llamadme|llamame|que me llame|` +
			`llamarme|comunicame con|ponme en contacto|pasa(me|dme) con|pasar con (alguien|un|una)|(asesor|persona|humano|agente) de verdad|ponme con|me comunicas con|que me atienda|no quiero hablar con una maquina|ayude un humano|un humano`,
		`parler (a|avec) (un |une |quelqu'? ?un|un vrai |une vraie )?(conseiller|conseillere|humain|personne|agent|operateur|quelqu'? ?un)|` +
			`vrai humain|un humain|vraie personne|etre rappele|passez moi|mettez moi en relation|transferez moi|` +
			`contact humain|mettez moi en (contact|relation)|en contact avec (un|une|votre|quelqu)|au responsable|(un|une) (conseiller|conseillere|humain|personne) (peut|pourrait) (m'? ?aider|m'? ?appeler)|quelqu'? ?un (de disponible|m'? ?appelle|pour m'? ?aider)|parler a un specialiste|passez moi (une|un|quelqu)|service clients?|numero (que je peux|a|pour) appeler|qu'? ?un conseiller me|quelqu'? ?un au telephone|pas( \S+){0,2} (a|avec) (un robot|une machine|un bot)|` +
			`(parler|discuter)( \S+){0,6} (a|avec) (un|une) (conseiller|conseillere|humain|personne|agent)`,
		`(mit|zu) (einem |einer |dem |der )?(echten |menschlichen )?(mensch|menschen|berater\w*|mitarbeiter\w*|person|sachbearbeiter\w*|jemandem|jemand)( \S+){0,5} (sprechen|reden|besprechen)|jemanden mit dem ich (reden|sprechen)|` +
			`(ruf|rufen|rufe) (sie |du )?mich( \S+)? (an|zuruck)|mich (\S+ )?zuruckrufen|mich (\S+ )?anrufen|ruckruf|verbinde[nt]? (sie )?mich|stellen sie mich|` +
			`echte[nr]? (person|menschen?)|menschliche[nr]? (berater|ansprechpartner|hilfe)|jemanden ans telefon|nicht mit einer maschine|` +
			`berater soll mich|mit ihrem team|in kontakt mit|(ein|eine) (berater\w*|mitarbeiter\w*|mensch|person) (\S+ )?(helfen|anrufen)|jemand(en)? der mich anruft|ist jemand da|mit einem spezialisten|verbinden sie mich|einen menschen|kundenservice|kundendienst|hotline|nummer (die|unter der) ich anrufen|telefonnummer`,
		// Advice or help from a person, being passed or referred on.
		`(advice|help|guidance|support) from (a |an |some |one of your |a real |an actual |a qualified )?(\S+ )?(person|human|advis[oe]r|expert|specialist|agent)|` +
			`(asesoramiento|ayuda|consejo|atencion) (de|por parte de) (una persona|un humano|un asesor|una asesora|alguien|un experto|una experta)|pasa(me|dme) (al|con el|a) (servicio|departamento|area)|me (derivas|derivan|deriva|derivais|derive) (a|con)|` +
			`(conseils?|aide|avis) (d'? ?un|d'? ?une|de la part d'? ?un) (vrai |vraie )?(conseiller|conseillere|humain|personne|expert)|` +
			`(beratung|hilfe|rat) (von|durch) (einem|einer) (menschen|mensch|person|\w*berater\w*|experten|expertin)|(will|mochte|hatte gern|hatte gerne|brauche|suche) (einen|eine) (\w*ansprechpartner\w*|kontaktperson)|` +
			`(rad|hjalp|radgivning) (fran|av) (en|nagon) (manniska|person|\w*radgivare|\w*handlaggare|expert)|(vill ha|behover|onskar|soker) (en|nagon) kontaktperson`,
		// More ways to ask for a call, a person on the line, help from a person, a real one.
		`(a |any |your )?(phone |contact )?number (i|we) (can|could) (ring|call|phone|use)|(do|discuss|sort|handle|go over) (this|it|that) (on|over) (a|the) (call|phone)|(on|over) a (phone |video )?call instead|(someone|somebody|a person|an advis[oe]r|a human) to (walk|talk|take) me through|` +
			`alguien (real|de verdad)|que me (atienda|atendiera|atiendan|llame|llamara|contacte|contactara|escriba|escribiera) (un|una|alguien|algun)|hablar con (un|el|la|una|algun) (responsable|encargad[oa]|supervisor|jefe)|(alguien|una persona|un asesor|una asesora) (que )?me (explique|ayude|oriente|asesore)|` +
			`(parler|discuter) (a|avec) (qqun|qqu'? ?un)|au bout du fil|(parler|echanger|discuter|m'? ?entretenir) (a|avec) (un|une) (conseiller|conseillere|humain|personne|agent|specialiste|expert)|(etre|soit) (contacte|contactee|rappele|rappelee|appele|appelee) par (un|une|quelqu)|(avoir|parler a) (quelqu'? ?un|un conseiller|une personne) (en ligne|au telephone|au bout du fil)|en chair et en os|` +
			`(kann|konnte|darf) ich (wen|jemanden|einen menschen|einen berater|eine beraterin) (sprechen|erreichen)|echte[nr]? ansprechpartner\w*|(jemanden|einen menschen|einen berater|eine person) am telefon|(kann|konnte) mir (ein|eine|einer|jemand) (\w*mitarbeiter\w* |\w*berater\w* |mensch |person )?(\S+ )?(weiter)?helfen|` +
			`riktig (\w*handlaggare|\w*radgivare|manniska|person)|(fa|ha) ett (samtal|telefonsamtal) (fran|med) (er|nagon|en)|bli (kontaktad|uppringd|kontaktade) (av|fran)|(manniska|person|handlaggare|radgivare) (\S+ )?ta over|(nagon|nan) (dar )?som kan hjalpa mig`,
		// Needing or wanting a person, in so many words, and being put through to one.
		`(i )?(need|want|would like|'?d like|am looking for|looking for|prefer) (a |an |some )?(real |actual |live |human |proper )?(person|human|advis[oe]r|agent|representative|operator|human being)|(connect|transfer|escalate|pass|put|send) me (through |over )?(to|with) (a |an |the |your |one of your )?(team|staff|human|person|advis[oe]r|agent|someone|somebody)|(transferred|passed|put through|connected|escalated|handed over) to (a|an|one of your|your|the) (human|person|advis[oe]r|agent|team|staff|someone)|put (a|an) (human|person|agent|advis[oe]r|real person) on|(through|over) with (a |an )?(person|human|advis[oe]r|real person)|(someone|somebody) from (your|ur|the) (team|staff|company|side)|(reach|contact|call|ring) me (on|at) (my |this )?(\S+ )?(\d+|number|mobile|phone)|(someone|somebody) to (look over|look at|go through|check|review)( \S+){0,4} with me|(is )?(anyone|anybody|someone|somebody) (there|here|around|home)$|anyone (real|human)( reading| there| here)?|` +
			`(necesito|quiero|busco|prefiero) (a )?(una persona|un humano|un asesor|una asesora|un agente|alguien)( real| de verdad)?|^con (una persona|un humano|un asesor|alguien)|(alguien|una persona) con (quien|la que|el que) (pueda|puedo) hablar|(alguna persona|algun asesor|algun agente|algun humano) disponible|(tratar|hablar|chatear|h?ablar) con (una persona|un humano|un agente|un asesor|una asesora|alguien)|concertar una llamada|atencion (personal|personalizada|humana)|` +
			`(un|une) agent humain|besoin d'? ?(un|une) (vrai |vraie )?(conseiller|conseillere|personne|humain)|avoir affaire a (une personne|un humain|quelqu'? ?un)|(un|une) (vrai|vraie) (conseiller|conseillere|personne|humain)|(mettre|etre mis|etre mise|me mettre) en relation|(parler|discuter) (a|avec) (qqn|qq1)|(une personne|quelqu'? ?un|un conseiller) au telephone|(parler|discuter) (a|avec) (un|une) (robot|machine|ordinateur|bot)|` +
			`live ?\w*berater\w*|(brauche|mochte|will|suche) (eine|einen) (person|menschen|\w*berater\w*|\w*mitarbeiter\w*)|personlich (sprechen|beraten|reden)|personliche beratung|` +
			`(nagon|nan) (jag kan|att) (prata|tala|snacka) med|ar det (nagon|nan) (dar|har)|live ?\w*handlaggare|(behover|vill ha|soker) (en|nagon) (person|manniska|\w*handlaggare|\w*radgivare)|levande (manniska|person)|personlig (hjalp|radgivning|service)`,
		// Appointments, being contacted or written to by a person, experts, "humans only",
		// and refusing to talk to a computer.
		`(book|arrange|schedule|make|get|have|set up) (me )?(an? |some )?(appointment|meeting|call|video call|phone call|session|consultation) (with|to see) (a|an|one|some|your|someone)|(someone|somebody|a person|a human|anyone|one of you|your team|a member of \S+|someone from \S+|an advis[oe]r) (\S+ ){0,3}(get in touch|contact me|email me|e mail me|write to me|message me|reach out to me)|(talk|speak|chat) (to|with) (an? |some |a real )?(expert|specialist|professional)|(humans?|people|persons?) only|only (a )?(humans?|people|persons?)|(someone|somebody|anyone|a person) i can (call|ring|phone|email|contact|write to)|` +
			`cita con (un|una|alguien|algun) ?(asesor|asesora|gestor|gestora|especialista|persona|humano)?|(alguien|una persona|un asesor|una asesora|vuestro equipo|un gestor)( \S+){0,4} (me escriba|me contacte|contactarme|escribirme|me llame|ponerse en contacto)|(me pone|me pones|me pasa|me pasas|me ponen|me pasan|me puede poner|me puedes poner) con|ayuda (de|humana de|personal de) (una persona|un humano|alguien)|hay (algun|un) (humano|ser humano)|` +
			`rendez vous avec (un|une) (conseiller|conseillere|specialiste|expert|personne)|(quelqu'? ?un|une personne|un membre|un conseiller|une conseillere)( \S+){0,4} (m'? ?ecrive|me contacter|me contacte|m'? ?ecrire|me joindre)|membre de (l'? ?equipe|votre equipe)|(un|votre) numero (de telephone|a appeler|pour vous joindre)|(pas|plus) (parler|discuter|ecrire) (a|avec) (un|une) (robot|machine|ordinateur|bot|ia|logiciel)|` +
			`termin (bei|mit) (einem|einer) (\w*berater\w*|\w*experte\w*|\w*mitarbeiter\w*|menschen)|(jemand|eine person|ein mitarbeiter|eine mitarbeiterin|ein berater)( \S+){0,4} (kontaktieren|schreiben|mailen|melden)|(jemand|einer) (aus|von) (eurem|ihrem|deinem) team|(soll|moge|kann|konnte) mir (\S+ ){0,3}(eine )?(mail|e mail|email|nachricht) (schreiben|schicken)|^ist (da )?(jemand|wer)( da)?$|nicht (mehr )?mit (einem|einer|dem|der) (computer|maschine|bot|roboter|ki|chatbot|programm)|` +
			`(boka|fa|ha) (ett |en )?(mote|samtal|tid|videosamtal) (med|hos) (en|nagon) ?(\w*radgivare|\w*handlaggare|manniska|person)?|(nagon|nan|en person|en handlaggare|en radgivare)( \S+){0,4} (kontakta mig|mejla mig|maila mig|hora av sig|skriva till mig|hor av sig)|(nagon|nan) (fran|pa|hos) (ert|er|ratewise)|(ge|skaffa) mig (en|nagon) (\w*handlaggare|\w*radgivare|manniska|person)|inte (prata|chatta|snacka|tala) med (en|nagon) (dator|maskin|bot|robot)`,
		// Who to talk to, how to reach a person by phone, staff and people in general.
		`who (can|could|do|should) i (speak|talk|chat) (to|with)|con quien (puedo|podria|tengo que) hablar|a qui (je peux|puis je|dois je) (parler|m'? ?adresser)|mit wem (kann|konnte|soll) ich (sprechen|reden)|vem (kan|ska|bor) jag (prata|tala) med|` +
			`(how|where) (do|can|could) i (contact|reach|call|phone|ring) (you|someone|somebody|your team|ratewise|a person)|(phone|telephone|contact) number (for|of) (you|your|ratewise|the team)|helpline|help line|(talk|speak|chat|discuss|explain|go through)( \S+){0,4} (over|on) the phone|member of (staff|your team|the team)|(any|are there|is there) (real|actual|live) (people|humans|persons)|` +
			`telefono de (contacto|atencion)|(atender|atenderme|hablar|hablarlo|llamar|explicar|explicarmelo)( \S+){0,2} por telefono|(parler|se parler|discuter|joindre|echanger|expliquer)( \S+){0,2} (par|au) telephone|mettez moi (avec|en relation avec) (quelqu|un|une)|` +
			`(konnen|kann|konnten) (wir|ich|man) (\S+ )?telefonieren|telefonisch (erreichen|sprechen|beraten|besprechen)|(geben sie|gib|gebt) mir (bitte )?(einen|eine) (\w*mitarbeiter\w*|\w*berater\w*|menschen|person)|` +
			`(ta det|prata|snacka|tala|hoeras|ses) (\S+ )?(pa|i|per|over) telefon|\w*radgivare (\S+ ){0,3}(ringa|kontakta|prata)|prata med (en |nagon )?\w*radgivare`,
		// Callbacks, a person on the other end, a way out of the bot, and going through it
		// with a person rather than here, in five languages. Calls that happen to the user
		// ("they call me every day") are not requests: a request asks or orders.
		`(can|could|would|will|please|pls|someone|somebody|anyone|anybody|one of you|just) (\S+ )?(ring|call|phone|bell|buzz) me|(ring|call|phone) me (back|up|please|pls|tomorrow|today|asap|later|when|on|at|after|before|instead)|(give|gimme) me a (ring|call|bell|buzz)|call ?backs?|` +
			`is (there|this) (a |an )?(real |actual |live )?(human|person|agent|human being|real person)( there| here| on| at| i| available)|am i (talking|chatting|speaking) (to|with) (a|an) (bot|robot|machine|human|person|real person)|` +
			`(get|let|take) me (out of|off) (this|the|here|your)( \S+)? ?(bot|chat|chatbot|robot|machine|automated|thing)?|(someone|somebody|a person|people) (real|really there)|no (more )?bots?( please| pls)?$|(enough|done|fed up|sick) (of|with) (this|the|talking to (a|the|this)) (bot|robot|machine|chatbot)|` +
			`(go through|talk through|discuss|deal with|sort out|handle|go over|look at|look over|check)( \S+){0,5} (with|by) (a |an |some |one of your |a real |an actual )?(human|person|people|advis[oe]r|agent|someone|somebody|specialist|expert|representative)|` +
			`(rather|prefer|prefer to|rather have) (a |an |to speak to a |to talk to a |to deal with a )?(real |actual )?(human|person|advis[oe]r|agent|someone)|(a |an )?(real|actual|proper|live|flesh and blood) (human|person|advis[oe]r|agent|being|someone|somebody)|` +
			`me (llamen|llamara|llamaran|llameis|llamaseis|llamase|llamasen|llamaria|llamarian|llamais)|llamarme|llamenme|llamadme|llamame|devolver(me)? la llamada|(me )?devuelva(n)? la llamada|(recibir|pedir|solicitar|programar|agendar) una llamada|que alguien me (llame|contacte|atienda)|` +
			`sacame de(l)? (este |esta )?(bot|chat|robot|maquina)|hablar con alguien de verdad|(tratar|ver|hablar|llevar|mirar) (este|esto|el|mi) (asunto |tema |caso )?con (una persona|alguien|un asesor|una asesora|un humano)|de carne y hueso|(contactarme|llamarme|escribirme) (alguien|una persona|un asesor|una asesora)|me escriba (una persona|alguien|un asesor|una asesora)|no quiero (hablar|chatear|tratar) con (un|una|el|la) (robot|maquina|bot|ordenador|programa)|^hay alguien( ahi)?$|(verlo|tratarlo|hablarlo|revisarlo|mirarlo)( \S+){0,3} con (alguien|un asesor|una asesora|una persona|un humano|un agente|un gestor)|prefiero (un|una|hablar con|que me atienda) (asesor|asesora|persona|humano|alguien)|hay (alguien|una persona|un humano) (ahi|real|de verdad)|` +
			`` + frenchCallback + `|(qu'? ?on|quelqu'? ?un) (me )?(rappelle|appelle|contacte)|etre rappele|(etre|etres) humains?|(sortez|sors) moi de (ce|cette)|` +
			`(voir|traiter|regler|discuter|regarder|revoir|gerer)( \S+){0,3} avec (quelqu'? ?un|un conseiller|une conseillere|un humain|une personne|un agent|un vrai|une vraie)|(prefere|prefererais|aimerais mieux|plutot) (un|une|parler a un|parler a une|parler avec un|voir un) (conseiller|conseillere|humain|personne|vrai)|y a t il (quelqu'? ?un|un humain|une personne)|^(il )?y a (t il )?(quelqu'? ?un|qqn)( la| ici)?$|quelqu'? ?un de (reel|vrai)|` +
			`(ruf|ruft) (mich|mal)|rufen sie mich|(konnen|konnten|kann|konnte|wurde|wurden|soll|moge) (sie|ihr|du|jemand|mich jemand|mich)( \S+){0,5} (an ?rufen|zuruckrufen|anruft)|genug (vom|von dem|von diesem|mit dem) (chat ?bot|bot|roboter)|kein (bot|roboter|chatbot)$|zuruckrufen|anrufen lassen|ruckruf\w*|(hol|holt|holen sie) mich (hier )?raus|raus aus (dem|diesem) (chat|bot|chatbot)|(lieber|besser) mit (einem|einer) (menschen|mensch|berater\w*|mitarbeiter\w*|person)|mit (einem|einer) (menschen|berater\w*|person|mitarbeiter\w*) (klaren|besprechen|durchgehen|anschauen|regeln)|ist da (ein mensch|jemand|eine person)|echte[nr]? (mensch|menschen|berater\w*|person|mitarbeiter\w*|typ|typen|kerl)|` +
			`ring (upp |tillbaka )?(till )?mig|ringa (upp )?mig|ring tillbaka|(bli|blir) uppringd|ringer upp mig|(fa|ta) mig (ut|bort) (ur|fran)|ut ur (den har |denna )?(boten|chatten|chatboten|roboten)|` +
			`(prata|snacka|tala|chatta)( \S+){0,2} (med )?(nagon|nan|en manniska|en person|en riktig \S+|nagon riktig|nan riktig|en handlaggare|en radgivare)|(nagon|nan|en manniska|en person) pa riktigt|(ta|ga igenom|kolla|titta pa)( \S+){0,3} med (nagon|nan|en manniska|en person|en handlaggare|en radgivare)|finns det (en manniska|nagon manniska|nagon riktig|en riktig)|` +
			`prata med (en |nagon|en riktig )?(manniska|person|handlaggare|radgivare|nagon|kundtjanst)|riktig (manniska|person)|(ringa|ring) mig|` +
			`bli uppringd|koppla (mig|vidare)|manskli[gk] (hjalp|radgivare)|nagon i telefon|hora av sig|inte prata med en maskin|ha en manniska|` +
			`radgivare (far|kan) (garna )?kontakta|koppla mig till (ert|er|en|nagon)|en (radgivare|handlaggare|manniska|person) (\S+ )?(hjalpa|ringa)|nagon (som )?ringer upp|finns det nagon (dar|som kan hjalpa)|prata med en specialist|kundservice|kundtjanst|nummer jag kan ringa|telefonnummer|riktig radgivare`,
		// Whether anyone works there at all, someone who is not a machine, and handing the
		// conversation over to a colleague.
		`(colleague|someone|somebody|a person|a human|one of your (staff|team|colleagues))( of yours)? (\S+ )?take (it )?over|(not comfortable|uncomfortable|don'?t (want|like)|rather not)( \S+){0,4} (with|to) (an? |the )?(ai|bot|robot|machine|computer|chatbot)|(are there|is there|do you have) (any )?(real )?(people|humans|staff) (working|there|who (work|answer))|` +
			`hay (gente|personas|alguien) (de verdad|reales?|trabajando|que trabaje)|o es todo automatico|` +
			`(il y a|y a t il|y a t'? ?il) (des |de vrais |de vraies )?(gens|humains|personnes|employes) (\S+ )?(qui (travaillent|repondent)|reels|en vrai|pour de vrai)|tout est automatique|` +
			`(irgendwer|jemand|wer|eine person|ein mensch)( \S+){0,2} (der|die) kein (computer|bot|roboter|maschine|programm|chatbot) ist|(gibt es|gibts|gits) (\S+ ){0,3}(leute|luut|lut|menschen|mitarbeiter)( \S+){0,3} (anrufen|aaluute|aalute|telefonieren|sprechen|reden)|oder ist (alles|das) (automatisch|ein bot|ein roboter)|` +
			`(can|could|will|would) (someone|somebody|a real one|one of you|a person|anyone|a human)( real)? (\S+ )?hit me up|(nagon av era|en av era|nan av era) (medarbetare|handlaggare|radgivare|kollegor|anstallda) (\S+ )?ta over|vill inte (skota|gora|ta|hantera) (det har|detta|det) med en (maskin|bot|robot|dator)|prefiero que (lo|me|la) (lleve|atienda|gestione|vea|mire) (una persona|un humano|alguien|un asesor|una asesora)|escala(r|lo)? (esto |el caso |mi caso )?a (alguien|una persona|un responsable|un supervisor|un superior)|ateruppringning|` +
			`finns det (folk|manniskor|personer) (som jobbar|som arbetar|pa riktigt|dar)|eller ar (allt|det) (automatiskt|automatiserat|en bot|en robot)`,
		// Seeing a person rather than calling one: a visit at home, a meeting at the office or
		// branch, face to face; whether anyone is there at this hour; a manager, director or
		// head asked for by title.
		`(come|comes|coming|send someone) (round |over )?to (my|our) (home|house|flat)|(call|calls|calling) on me|(pay|paid) me a visit|(visit|visits|visiting) me at (home|my home|my house)|(home|house) visits?|face to face|(meet|meeting|appointment|sit down|sit) (\S+ ){0,2}(with )?(a|an|one of your|your|the) (advis[oe]rs?|agents?|staff|someone|banker|consultant)|(at|in) (the|your|a) (office|branch)( \S+){0,3} (with|to see|to meet)|(see|meet) (one of )?(your|an|a) (advis[oe]rs?|agents?|staff|people)|(can|could|would|will) (somebody|someone|a person|anybody|anyone)( \S+){0,10} (over|on|by) the (telephone|phone)|(somebody|someone) from your (office|company|firm|team)|who'?s in charge (there|here)|who is in charge (there|here)|(ask|see|talk to|speak to|speak with|a word with) (your|the) (director|manager|supervisor|boss|head of \S+)|(is|are) (there )?(anyone|anybody|someone|somebody|a real people|real people|people|humans?) (still |actually |really )?(there|here|working|awake|around|on duty)( at this (hour|time)| now| at all|$)|(real )?(people|persons?|humans?) working (here|there)|everything is (a )?(computer|bot|machine|automatic|automated)|who (is|'?s) (the|your) (manager|supervisor|boss|director|head) of|(speak|talk|see|meet) (\S+ ){0,3}(your|the) (manager|supervisor|director|head of)`,
		`(visita|visitas|venga|viniera|vengan|vinieran|pase|pasara) (\S+ ){0,3}(a casa|a mi casa|a domicilio|por casa)|(agente|asesor|asesora|gestor)( \S+){0,2} (venga|viniera|pase)|cita (\S+ ){0,2}(con|en) (\S+ ){0,2}(asesor|asesora|oficina|sucursal|gestor)|en persona|cara a cara|(un|una|algun) (asesor|asesora|agente|gestor|gestora|persona) que (hable|me hable|me explique|me atienda|me asesore|me lleve|lleve)|(queda|hay|sigue) (alguien|gente) (al otro lado|ahi|todavia|aun|despierto|trabajando|a estas horas)|se han (ido|marchado) todos|(hablar|reunirme) con (el|la) (director|directora|gerente|jefe|jefa|encargado|encargada|responsable)`,
		`face a face|en personne|en agence|(voir|rencontrer) (un|une|l'? ?un|quelqu'? ?un) (de )?(vos )?(conseillers?|conseilleres?|agents?)|ou (puis je|je peux|peut on) (voir|rencontrer) (un|une|quelqu)|(qqn|qq1|quelqu'? ?un|une personne|un conseiller) au tel(ephone)?|(m'? ?entretenir|parler|discuter) avec (le|la) (directeur|directrice|responsable|chef|gerant|gerante)|(y a t il|il y a|y a) (encore )?(quelqu'? ?un|qqn) (de l'? ?autre cote|au bout|a cette heure|qui travaille)|voir (quelqu'? ?un|un conseiller|une personne) en vrai|avec (quelqu'? ?un|un conseiller|une conseillere) (dans|a) (vos|votre) (bureaux|bureau|agence)`,
		`(termin|treffen|gesprach|beratung) vor ort|vor ort (\S+ )?(termin|beraten|beratung|treffen)|aussendienst\w*|hausbesuch\w*|(vertreter|berater) (\S+ )?(nach hause|zu mir)|am kuchentisch|von angesicht zu angesicht|(gesicht|person) (\S+ ){0,2}sehen|(ist|arbeitet)( \S+){0,5} (jemand|wer) (\S+ )?(im dienst|da|erreichbar|am platz|wach|bei ihnen|bei euch)|(abteilungsleiter\w*|filialleiter\w*|vorgesetzte\w*|geschaftsfuhrer\w*|chef\w*) (\S+ )?sprechen`,
		`on peut (s'? ?appeler|se parler|se telephoner)|(une|qu'? ?une|un|qu'? ?un) (vraie )?(personne|humain|conseiller|conseillere) (\S+ )?(regarde|examine|verifie|etudie|revoie|jette un oeil)|(una persona|un humano|un asesor|una asesora|alguien) (de verdad )?(\S+ )?(revise|mire|vea|estudie|repase) (mi|mis|el|la|los|las)|(ein mensch|eine person|ein berater|eine beraterin|jemand) (\S+ ){0,3}(anschaut|ansieht|pruft|druberschaut|durchgeht)|(en person|en manniska|en radgivare|nagon) (\S+ )?(tittar pa|kollar pa|granskar|gar igenom) (mitt|min|mina)`,
		`(someone|somebody|a person|anyone) (more senior|senior|higher up)|(human|person|someone|anyone|anybody) on (shift|duty)|(ir|acudir|pasar(me)?) (a|por) (una|la|vuestra|su|alguna) (oficina|sucursal)|devuelv\w* la llamada|(me )?(pueden|puede|podrian|podeis) marcar|me llaman? ustedes|(persona|alguien) de guardia|alguien de mas (rango|nivel|arriba)|alguien (que|q) me (ayude|atienda)|quelqu'? ?un de plus haut place|(une personne|quelqu'? ?un) de garde|(jemandem|jemanden) (weiter oben|hoheren)|(sitzt|ist) (da )?noch (ein mensch|jemand)|nagon (hogre upp|med mer ansvar)|sitter det (en manniska|nagon|nan) (dar|kvar)`,
		`oga mot oga|(traffa|mota|se) (en|nagon) (av )?(era|er|ert|en) (radgivare|handlaggare|bankman|bankmannen)|var kan jag (traffa|mota|se)|personligt mote|(nagon|nan) (dar|kvar|har) (\S+ )?i andra anden|(alla|ni) (har )?(gatt|gott|gick) hem|(en )?bankman som jag (kan|kunde) ringa|(jobbar|arbetar|finns) det (nagon|nan|folk) (dar|kvar|har)|(nagon|nan|en radgivare|en person)( \S+){0,8} (i|per|via|over) telefon(en)?|(prata|tala) med (er|den|en|ert|din) (\S+ )?(avdelningschef|chef|kontorschef|ansvarige|som ar ansvarig)`,
	}, "|"))
	// declinedRe is a person declined: "no, I don't need anyone", "pas besoin de me passer un
	// conseiller". Such a message names a person and must not reach the queue.
	declinedRe = rx(strings.Join([]string{
		`no need to (pass|put|transfer|connect|send|hand) me|(don'?t|do not) (transfer|connect|pass|put|send|hand) me( (on|over|through|to (anyone|anybody|someone|a person|a human|an? (advis[oe]r|agent))))?( \S+)?( i| just|$)|no (me pases|me pasen|me transfieras|me transfieran|me derives|me derivéis)|(inutile|pas la peine|pas besoin) de me (mettre en relation|passer|transferer|rappeler|faire rappeler)|plus besoin (de |d'? ?)(un conseiller|une conseillere|quelqu'? ?un|parler|etre rappele)|(berater\w*|mitarbeiter\w*|ruckruf|anruf|menschen) (brauch|brauche) ich nicht|nicht (durchstellen|weiterleiten|weiterverbinden)|koppla (mig )?inte (vidare|till)`,
		`(don'?t|do not|no|won'?t) need (to (speak|talk|chat) (to|with) )?(anyone|anybody|someone|a person|a human|an? (advis[oe]r|agent)|a call|a callback|a call back)|no need (for|to) (a |an )?(person|human|agent|advis[oe]r|anyone|speak|talk|call|transfer)|(don'?t|do not) (want|need) (to be )?(transferred|connected|put through|passed on|called|a call|anyone to call)`,
		`no (hace falta|es necesario|necesito|quiero) (que me (llame|llamen|pase|pasen|atienda|atiendan|contacte)|hablar con (nadie|una persona|un asesor|una asesora|alguien)|un asesor|una asesora|una persona|a nadie|nadie)|no (necesito|quiero) (a )?nadie|no hace falta que (me )?(llame|llamen|pase|pasen) (nadie|un asesor|una persona)`,
		`pas (besoin|la peine|necessaire) (de |d'? ?)(me passer|parler|un conseiller|une conseillere|quelqu'? ?un|m'? ?appeler|me rappeler|me mettre en relation|passer par)|(je n'? ?ai|j'? ?ai) pas besoin (de |d'? ?)(parler|un conseiller|une conseillere|quelqu'? ?un|etre rappele)`,
		`(brauche|will|mochte) (keinen|keine|niemanden) (\S+ )?(berater\w*|mitarbeiter\w*|menschen|person|ruckruf|anruf)|(brauche|will|mochte) (mit )?niemanden (zu )?sprechen|muss (mich )?(niemand|keiner) (anrufen|zuruckrufen)|mit niemandem (\S+ )?(sprechen|reden|verbinden)|kein (ruckruf|anruf) (notig|erforderlich|notwendig)`,
		`(behover|vill) (inte|ingen) (prata med (nagon|nan|en (manniska|person|handlaggare|radgivare))|bli uppringd|bli kontaktad|nagon|ngn|handlaggare|radgivare|manniska|person)|behover ingen (handlaggare|radgivare|manniska|person|nagon)`,
	}, "|"))
)

// ourNumber asks for our phone number or line: a question in form, a request in fact.
var ourNumber = rx(`(what'?s|what is|whats|give me|send me|is there) (your|ur) (phone |telephone |contact |customer (service|support|care) |support |help ?line )?(number|no|line|hotline)|` +
	`(cual es|dame|me das|me pasas|tienen|teneis) (el |su |vuestro )?(numero|telefono) (de (telefono|contacto|atencion)|para llamar)|` +
	`(quel est|c'? ?est quoi|donnez moi|vous avez) (votre|un) (numero|telephone)( de telephone)?|` +
	`(wie ist|was ist|gebt mir|geben sie mir|habt ihr|haben sie) (eure|ihre|eine) (telefonnummer|nummer|hotline)|` +
	`(vad ar|har ni|ge mig) (ert|ett) (telefonnummer|nummer)`)

// noGrievance says in so many words that there is nothing to complain about.
var noGrievance = rx(`(not|no|nothing) (for |to |a |about )?(complain\w*|complaint|problem|wrong|issue)|no (complaint|problem)s? (at all)?|nothing (is )?wrong|sin (ninguna )?(queja|problema|reclamacion)|no (es|para) (una |poner una )?(queja|reclamacion)|sans (qu'? ?il y ait )?(le moindre |aucun |aucune )?(probleme|plainte|reclamation)|pas (une|de|pour une?) (plainte|reclamation|probleme)|(keine|ohne) (beschwerde|reklamation|problem)|nicht (weil|wegen) (\S+ )?(problem|beschwerde|reklamation)|kein problem|(inget|inga|utan) (klagomal|problem|fel)|inte (for|pga|pa grund av) (ett |nagot )?(problem|klagomal)`)

// Person words that ask for no one: a name given ("call me Raj", "llámame Andy"), a figure
// of speech ("call me crazy"), the writer as a human being ("I'm a human, not a banker",
// "talk to me like a person").
var (
	nameGiven   = regexp.MustCompile(`\b((?i:call me|ll[aá]mame|ll[aá]meme|appelez[- ]moi|appelle[- ]moi|nenn mich|nennt mich|nennen sie mich|kalla mig)),? (\p{Lu}\p{Ll}+)\b`)
	notWeekdays = wordSet(`monday tuesday wednesday thursday friday saturday sunday tomorrow today tonight asap montag dienstag mittwoch donnerstag freitag samstag sonntag morgen heute`)
	notAPerson  = rx(`call me (crazy|old fashioned|old school|paranoid|picky|cynical|cheap|stupid|naive)|llamame (loc[oa]|anticuad[oa]|rar[oa]|tont[oa])|traitez moi de (fou|folle|vieux jeu)|nenn(t)? mich (verruckt|altmodisch|naiv)|kalla mig (galen|gammaldags|naiv)|` +
		`(i'?m|i am) (just )?(a |an )?(human|human being|person|normal person),? not|(talk|speak|write|explain( \S+)?) to me like (a|an|i'?m a) (person|human|normal person|human being)|` +
		`(soy|yo soy) (un |una )?(ser humano|persona normal|humano|humana),? no|(je suis|moi je suis) (un |une )?(etre humain|humain|humaine|personne normale),? (pas|et pas)|(ich bin|bin) (auch )?(nur )?(ein )?mensch,? (kein|nicht)|jag ar (en )?(manniska|vanlig manniska),? inte|` +
		// Customer service as something asked about, not asked for: "is their customer
		// service any good?", "¿qué tal es su atención al cliente?", "ist deren Kundenservice gut?".
		`customer (service|support|care) (is |was |are |s )?(\S+ ){0,2}(any good|good|bad|decent|ok|okay|reliable|helpful|responsive|quick|fast|slow|rated|like|terrible|awful|poor|great|excellent)\b|` +
		`(good|bad|decent|great|terrible|awful|poor|reliable|helpful|responsive|better|best|worst|friendly) customer (service|support|care)|` +
		`(how|what) (good |bad |reliable |helpful )?(is|s|was|are) (the |their |its |his |her |\S+ s |\S+s )?customer (service|support|care)|` +
		`(reviews?|ratings?|reputation) (of|for|on) (the |their |its )?customer (service|support|care)|customer (service|support|care) (reviews?|ratings?|reputation|quality)|` +
		`(que tal|como) (es |esta |funciona )?(su |el |la |vuestro |vuestra )?(servicio|atencion) al cliente|(buen|buena|mal|mala|excelente|pesimo|pesima) (servicio|atencion) al cliente|(servicio|atencion) al cliente (es |era )?(\S+ )?(bueno|buena|malo|mala|fiable|rapido|rapida|lento|lenta)\b|` +
		`service clients? (est |etait )?(\S+ )?(bon|bien|mauvais|nul|fiable|reactif|correct|serieux)\b|(bon|mauvais|excellent) service clients?|(que vaut|comment est) (leur |son |le )?service clients?|` +
		`(kundenservice|kundendienst|hotline) (\S+ ){0,2}(gut|schlecht|zuverlassig|empfehlenswert|freundlich|brauchbar)\b|(gute[nrs]?|schlechte[nrs]?) (kundenservice|kundendienst|hotline)|wie (gut )?(ist|sind|war) (der |deren |ihr |ihre |sein |dessen )?(kundenservice|kundendienst|hotline)|` +
		`kundtjanst (ar |var )?(\S+ )?(bra|dalig|daligt|palitlig|snabb|seg)\b|(bra|dalig) kundtjanst|hur (ar|funkar|fungerar) (deras |dess |er |ert )?kundtjanst`)
)

// withoutFalsePersons is a with the person words that ask for no one blanked out.
func withoutFalsePersons(a analysis) analysis {
	flat := notAPerson.ReplaceAllString(a.flat, " ")
	for _, m := range nameGiven.FindAllStringSubmatch(a.raw, -1) {
		name := fold(m[2])
		if notWeekdays[name] {
			continue
		}
		flat = strings.Replace(flat, " "+strings.Join(tokenize(fold(m[1])), " ")+" "+name+" ", "  ", 1)
	}
	if flat == a.flat {
		return a
	}
	a.flat = flat
	a.raw = flat
	return a
}

// declinesPerson reports whether a declines to be put through to a person.
func declinesPerson(a analysis) bool { return declinedRe.MatchString(strings.TrimSpace(a.flat)) }

// frenchCallback: "rappelez-moi", "m'appeler demain". "Rappeler" also means "remind", and
// "rappelle-moi mes contrats" asks to be reminded of something, so a callback is the verb
// alone or followed by when, how or please.
const frenchCallback = `(appelez|appelle|appeler) moi|m'? ?appeler|me telephoner|` +
	`(rappelez|rappelle|rappeler) moi( (svp|stp|s'? ?il vous plait|s'? ?il te plait|merci|demain|ce soir|ce matin|cet apres midi|en fin de|plus tard|vite|rapidement|au|a|apres|avant|quand|des que|sur|par telephone|aujourd'? ?hui|lundi|mardi|mercredi|jeudi|vendredi|samedi)\b|$)|` +
	`me rappeler( (svp|stp|s'? ?il vous plait|merci|demain|ce soir|ce matin|cet apres midi|en fin de|plus tard|vite|rapidement|au|a|apres|avant|quand|des que|sur|par telephone|aujourd'? ?hui)\b|$)`

// squeeze shortens every run of three or more equal letters to one ("humannn" is "human").
func squeeze(s string) string {
	rs := []rune(s)
	var out []rune
	for i := 0; i < len(rs); i++ {
		j := i
		for j+1 < len(rs) && rs[j+1] == rs[i] {
			j++
		}
		if j-i >= 2 {
			out = append(out, rs[i])
		} else {
			out = append(out, rs[i:j+1]...)
		}
		i = j
	}
	return string(out)
}

// humanRequest reports whether a asks for a person in so many words.
func humanRequest(a analysis) bool {
	if declinesPerson(a) {
		return false
	}
	a = withoutFalsePersons(a)
	flat := strings.TrimSpace(a.flat)
	if ourNumber.MatchString(flat) {
		// "What's your customer service number?" reads like a definition and asks for us.
		return true
	}
	if matched, inFrame := framed(a, humanRe); matched {
		// "Can collectors call me at work? Just asking." is no request.
		return !inFrame
	}
	if !general.MatchString(flat) {
		for _, sentence := range sentences(a.raw) {
			if composedRequest(joinTerms(tokenize(fold(sentence))), a.lang) {
				return true
			}
		}
	}
	bare := strings.Join(strings.Fields(politeness.ReplaceAllString(flat, " ")), " ")
	bare = strings.TrimPrefix(strings.TrimPrefix(bare, "a "), "an ")
	// "humannn", "hooman", "agnet": a lone word is checked with its letters un-stretched
	// and its slips corrected, whatever language the rest of the conversation is in.
	bare = squeeze(bare)
	return humanAlone[bare] || humanAlone["a "+bare] || humanAlone[correct(bare)]
}

type safetyRule struct {
	intent string
	re     *phrases
}

var safetyLexicons = mergeLexicons(lexiconsOf(safetyRules, func(r safetyRule) *phrases { return r.re }))
