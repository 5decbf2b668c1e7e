package nlu

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"ratewise/offers"
)

// A productRule names a product outright ("car loan", "bolån", "assurance habitation").
type productRule struct {
	re      *phrases
	product offers.ProductType
}

var productRules = []productRule{
	{rx(`(car|auto|vehicle|truck|van|motor|motorbike|motorcycle) (loan|loans|finance|financing|refinanc\w*|lease)|(prestamos?|creditos?|financiacion|financiamiento) ((de|del|para|para el|para un|para mi|para los|para unos?) )?(coches?|autos?|carros?|vehiculos?|motos?)|(prets?|credits?) (auto|voiture|automobile|vehicule|moto)|(prestamos?|creditos?) automotri(z|ces)|(two|2) wheeler (loans?|finance)|(bike|scooter) loans?|autokredit\w*|autofinanzierung\w*|kfz ?kredit\w*|kfz ?finanzierung\w*|fahrzeugkredit\w*|fahrzeugfinanzierung\w*|billan\w*|bil lan\w*|billeasing`), offers.AutoLoan},
	{rx(`(re)?mortgag\w*|home loans?|house loans?|hipotecas?|hipo|credito hipotecario|prets? immo\w*|credits? immo\w*|hypotheques?|(credits?|prets?) hypothecaires?|baufinanzierung\w*|hypothek\w*|immobilienkredit\w*|immobilienfinanzierung\w*|bolan\w*|bostadslan\w*`), offers.Mortgage},
	{rx(`student (loans?|debt|finance)|prestamos? (estudiantil\w*|de estudios|para estudiantes|universitarios?)|prets? etudiants?|credits? etudiants?|studienkredit\w*|bafog|studiendarlehen|studielan\w*|csn`), offers.StudentLoan},
	{rx(`credit cards?|creditcard|cc|balance transfer cards?|store cards?|mastercard|amex|american express|visa (card|credit card)|(my|mi|ma|meine|min) visa|(rewards?|cashback|cash back|air miles|travel|points|0 %) cards?|tarjetas? de credito|tarjetas? de transferencia( de saldo)?|cartes? de credit|cartes? de transfert( de solde)?|kreditkarte\w*|kreditkort\w*|kort for saldooverforing`), offers.CreditCard},
	{rx(`(personal|persnal|personnal|presonal|peronal|personl|persona) (loans?|lending)|prestamos? personal\w*|creditos? personal\w*|credito al consumo|prets? perso\w*|credits? perso\w*|credits? (a la )?consommation|credits? conso|privatkredit\w*|ratenkredit\w*|konsumkredit\w*|konsumentenkredit\w*|privatlan\w*|blancolan\w*|konsumtionslan\w*`), offers.PersonalLoan},
	{rx(`(car|auto|motor|vehicle) (insurance|cover|policy|insurers?)|seguros? (de|del|para el|para mi) (coche|auto|carro|vehiculo)|assurances? (auto|voiture|automobile)|kfz ?versicherung\w*|autoversicherung\w*|kfz ?haftpflicht\w*|bilforsak\w*|bilforsakr\w*`), offers.AutoInsurance},
	{rx(`(renters?|renter's|tenants?|tenant's|contents) (insurance|cover|policy)|seguros? (de|para|para los?) (alquiler|inquilinos?)|a?ss?urances? (locataires?|locative|pour locataires?|menage)|hausratversicherung\w*|hausrat|hemforsakring for hyresgaster`), offers.RentersInsurance},
	{rx(`(home|house|homeowners?|home owners|buildings?|household) (insurance|cover|policy|insurers?)|seguros? (de|del|para la|para mi) (hogar|casa|vivienda)|assurances? (habitation|maison|logement|multirisque habitation)|wohngebaudeversicherung\w*|gebaudeversicherung\w*|hausversicherung\w*|eigenheimversicherung\w*|villaforsakring\w*|hemforsakring\w*|husforsakring\w*`), offers.HomeInsurance},
	{rx(`(travel|trip|holiday|vacation) (insurance|cover|policy)|seguros? (de|para el) via(j|g)e\w*|a?ss?urances? voyage\w*|reiseversich\w*|reisekrankenversicherung\w*|reiseforsakring\w*|reseforsak\w*`), offers.TravelInsurance},
	{rx(`life (insurance|cover|policy|assurance)|term life|seguros? de vida|assurances? (vie|deces)|lebensversicherung\w*|risikolebensversicherung\w*|livforsakring\w*`), offers.LifeInsurance},
}

// Cues that name a product only together: a vehicle and a loan, a house and insurance.
var (
	vehicleCue = rx(`cars?|autos?|vehicles?|trucks?|vans?|lorry|campervan|motorhome|wohnmobil|husbil|pickup|suv|motorbikes?|motorcycles?|coches?|carros?|vehiculos?|motos?|voitures?|vehicules?|\w*wagen|fahrzeug\w*|motorrad|pkw|bil|bilen|bilar|bilarna|elbil\w*|motorcykel|` + carMakes)
	// carMakes and models people name instead of "car": "a used Civic", "begagnad Volvo".
	carMakes     = `toyota|corolla|camry|prius|yaris|rav4|honda|civic|ford|mustang|f 150|volkswagen|vw|passat|tiguan|audi|bmw|mercedes|benz|volvo|saab|tesla|kia|hyundai|nissan|mazda|subaru|skoda|octavia|renault|clio|peugeot|citroen|fiat|opel|corsa|astra|jeep|chevy|chevrolet|lexus|mini cooper|porsche|dacia|suzuki|mitsubishi`
	houseCue     = rx(`house|flat|apartment|condo|piso|casa|vivienda|maison|appartement|logement|haus|wohnung|hus|lagenhet|villa`)
	homeCue      = rx(`home|house|hogar|casa|vivienda|maison|logement|habitation|haus|hus|villa|hem`)
	renterCue    = rx(`renters?|renting|tenants?|inquilinos?|alquiler|locataires?|mieter|miete|hyresratt\w*|hyresgast\w*|hyr`)
	studentCue   = rx(`students?|college|university|tuition|estudiantes?|universidad|etudiants?|universite|studium|studenten?|studier|universitet`)
	loanCue      = rx(`loans?|hire purchase|hp|pcp|financ\w*|refinanc\w*|borrow\w*|lend|owe|payments?|installments?|rate|interest|prestamos?|creditos?|financiar|financiacion|cuotas?|plazos|interes|prets?|credits?|financer|financement|mensualites?|taux|kredit\w*|darlehen|finanzier\w*|raten?|zins\w*|lan|lana|lanet|avbetalning\w*|delbetala|ranta`)
	insuranceCue = rx(`insurance|insure|insured|insurers?|policy|policies|premium|coverage|seguros?|poliza\w*|prima|assurances?|assurer|cotisation|versicherung\w*|versichert|pramie|police|forsakring\w*|premie`)
	// carBought is a car as the thing being bought: "a 30k car", not "car repairs".
	carBought = rx(`(a|an|the|new|used|another|next|un|una|une|ein|einen|ett|en|ny|nytt|begagnad|begagnat|gebrauchten?|usado|usada|occasion)( \S+){0,2} (car|vehicle|truck|van|motorbike|motorcycle|moto|coche|carro|voiture|auto|wagen|motorrad|bil|motorcykel|` + carMakes + `)|(used|second hand|secondhand|nearly new|new) (golf|polo|focus|fiesta|accord|leaf)|gebrauchtwagen|neuwagen|segunda mano|d'? ?occasion`)
	// replacement: "my car died, I need another one".
	replacement = rx(`another|new one|a new|replacement|replace|otro|otra|nuevo|nueva|une autre|un autre|nouvelle|ein neues|einen neuen|eine neue|ersatz|en ny|ett nytt|ny bil`)
	// aYear: a term of one year or month written without a number.
	aYear = rx(`(over|for|within|in) (a|one) (year|month)|(en|a) un (ano|mes)|(sur|en) un (an|mois)|(uber|auf|in) ein (jahr|monat|jahres)|(pa|over) ett ar|(pa|under) en manad`)
	// notALoan hides phrases where a loan word means something else before loanCue looks.
	notALoan = rx(`credit cards?|credit scores?|credit reports?|credit checks?|credit rating|cartes? de credit|tarjetas? de credito|historial crediticio`)
	cardCue  = rx(`cards?|tarjetas?|cartes?|karten?|kort|kortet`)
	notCCard = rx(`debit cards?|bank cards?|sim cards?|gift cards?|id cards?|carte bancaire|tarjeta de debito|bankkarte|bankkort|betalkort|debitkort`)
)

// product finds the product a message names; weakCard lets a bare "card" stand for a credit
// card (right when the user is shopping or comparing, wrong when their debit card was stolen).
func product(flat string, weakCard bool) offers.ProductType {
	best, bestStart, bestLen := offers.ProductType(""), len(flat), 0
	productLexicons.findAll(flat, func(i int, m []int) {
		if m[0] < bestStart || (m[0] == bestStart && m[1]-m[0] > bestLen) {
			best, bestStart, bestLen = productRules[i].product, m[0], m[1]-m[0]
		}
	})
	if best == offers.HomeInsurance && renterCue.MatchString(flat) {
		return offers.RentersInsurance
	}
	if best != "" {
		return best
	}
	loan := loanCue.MatchString(notALoan.ReplaceAllString(flat, " "))
	insured := insuranceCue.MatchString(flat)
	switch {
	case insured && renterCue.MatchString(flat):
		return offers.RentersInsurance
	case insured && vehicleCue.MatchString(flat):
		return offers.AutoInsurance
	case insured && homeCue.MatchString(flat):
		return offers.HomeInsurance
	case loan && vehicleCue.MatchString(flat):
		return offers.AutoLoan
	case loan && studentCue.MatchString(flat):
		return offers.StudentLoan
	case loan && houseCue.MatchString(flat) && !insured:
		return offers.Mortgage
	case weakCard && cardCue.MatchString(notCCard.ReplaceAllString(flat, " ")):
		return offers.CreditCard
	}
	return ""
}

// Regions. US states are matched by name; a two-letter code counts only in capitals after "in".
var (
	usStates = map[string]string{
		"alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
		"connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
		"illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
		"maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
		"mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
		"new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "nyc": "NY",
		"north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
		"pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
		"tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
		"west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC", "washington dc": "DC",
		"tejas": "TX", "californie": "CA", "floride": "FL", "kalifornien": "CA", "nueva york": "NY",
		"nueva jersey": "NJ", "carolina del norte": "NC", "carolina del sur": "SC", "pensilvania": "PA",
		// The best-known cities of each state stand for it: people name where they live.
		"atlanta": "GA", "seattle": "WA", "chicago": "IL", "houston": "TX", "dallas": "TX", "austin": "TX",
		"san antonio": "TX", "el paso": "TX", "san francisco": "CA", "sf": "CA", "los angeles": "CA",
		"san diego": "CA", "san jose": "CA", "sacramento": "CA", "oakland": "CA", "miami": "FL",
		"orlando": "FL", "tampa": "FL", "jacksonville": "FL", "boston": "MA", "philadelphia": "PA",
		"philly": "PA", "pittsburgh": "PA", "phoenix": "AZ", "tucson": "AZ", "denver": "CO",
		"detroit": "MI", "las vegas": "NV", "nashville": "TN", "memphis": "TN", "new orleans": "LA",
		"minneapolis": "MN", "raleigh": "NC", "baltimore": "MD", "st louis": "MO",
		"kansas city": "MO", "cleveland": "OH", "columbus": "OH", "cincinnati": "OH",
		"salt lake city": "UT", "brooklyn": "NY", "manhattan": "NY", "queens": "NY", "bronx": "NY",
		"milwaukee": "WI", "indianapolis": "IN", "louisville": "KY", "albuquerque": "NM",
		"oklahoma city": "OK", "omaha": "NE", "boise": "ID", "honolulu": "HI", "anchorage": "AK",
		"newark": "NJ", "jersey city": "NJ", "socal": "CA", "norcal": "CA",
	}
	usStateRe = func() *phrases {
		names := make([]string, 0, len(usStates))
		for n := range usStates {
			names = append(names, n)
		}
		return rx(literals(names))
	}()
	usCodes = func() map[string]bool {
		m := map[string]bool{}
		for _, c := range usStates {
			m[c] = true
		}
		return m
	}()
	usCodeRe  = regexp.MustCompile(`(?:\b[Ii]n|\p{Lu}\p{Ll}+,?) ([A-Z]{2})\b`)
	usUpperRe = regexp.MustCompile(`\b(US|USA|U\.S\.A?\.?)\b`)
	countries = []country{
		{rx(`uk|u k|united kingdom|great britain|britain|england|scotland|wales|northern ireland|london|manchester|birmingham|leeds|liverpool|bristol|glasgow|edinburgh|cardiff|belfast|sheffield|nottingham|newcastle|leicester|coventry|bradford|southampton|portsmouth|plymouth|norwich|brighton|oxford|cambridge|york|hull|derby|stoke|swansea|aberdeen|dundee|inverness|bournemouth|exeter|yorkshire|lancashire|kent|essex|surrey|sussex|cornwall|devon|hampshire|cumbria|norfolk|suffolk|midlands|reino unido|inglaterra|escocia|royaume uni|angleterre|ecosse|grossbritannien|england|schottland|storbritannien|england|skottland`), "GB"},
		{rx(`(in|to|from|for) the us|united states|the states|america|estados unidos|eeuu|etats unis|amerique|vereinigten staaten|vereinigte staaten|amerika|usa`), "US"},
		{rx(`spain|espana|espagne|spanien|madrid|barcelona|valencia|sevilla|malaga|bilbao|zaragoza|andalucia|cataluna|catalunya|galicia|pais vasco|canarias|mallorca|alicante|murcia|oviedo|granada|valladolid|salamanca|santander|pamplona|san sebastian|donostia|vigo|a coruna|la coruna|palma|las palmas|tenerife|cadiz|almeria|toledo|burgos|asturias|cantabria|navarra|aragon|extremadura|castilla|gijon|elche|castellon|tarragona|girona|lleida|huelva|jaen`), "ES"},
		{rx(`france|francia|frankreich|frankrike|paris|lyon|marseille|bordeaux|toulouse|nantes|lille|strasbourg|montpellier|rennes|bretagne|normandie|provence|alsace|grenoble|dijon|reims|le havre|angers|brest|limoges|clermont ferrand|metz|nancy|rouen|caen|avignon|perpignan|toulon|saint etienne|corse|besancon|poitiers|la rochelle|annecy`), "FR"},
		{rx(`germany|alemania|allemagne|deutschland|tyskland|berlin|munchen|munich|hamburg|koln|frankfurt|stuttgart|dusseldorf|leipzig|dresden|hannover|nurnberg|bremen|bayern|bavaria|sachsen|hessen|nrw|nordrhein westfalen|baden wurttemberg|freiburg|regensburg|dortmund|bonn|mannheim|karlsruhe|augsburg|wiesbaden|mainz|kiel|lubeck|rostock|potsdam|erfurt|magdeburg|munster|bochum|duisburg|aachen|heidelberg|wurzburg|ulm|chemnitz|saarbrucken|braunschweig|thuringen|niedersachsen|schleswig holstein|rheinland pfalz|saarland|mecklenburg|ruhrgebiet|gelsenkirchen|wuppertal|bielefeld|osnabruck|kassel`), "DE"},
		{rx(`sweden|suecia|suede|schweden|sverige|stockholm|goteborg|gothenburg|malmo|uppsala|vasteras|orebro|linkoping|umea|lund|skane|norrland|smaland|gotland|boras|norrkoping|jonkoping|helsingborg|sundsvall|gavle|karlstad|vaxjo|halmstad|lulea|ostersund|kalmar|kiruna|falun|eskilstuna|sodertalje|visby|sodermalm|dalarna|varmland|halland|blekinge`), "SE"},
		{rx(`ireland|irlanda|irlande|irland|dublin|cork|galway|limerick|waterford|kilkenny`), "IE"},
		{rx(`canada|canadian|kanada|quebec|ontario|toronto|montreal|vancouver|calgary|edmonton|ottawa|winnipeg|alberta|british columbia|manitoba|nova scotia|saskatchewan|canadienses?|canadiens?|canadiennes?|kanadensisk\w*`), "CA"},
		{rx(`mexico|mejico|mexique|mexiko|cdmx|guadalajara|monterrey|puebla|tijuana|cancun|queretaro|oaxaca|veracruz|ciudad juarez|chihuahua|toluca|yucatan|jalisco`), "MX"},
		{rx(`belgium|belgica|belgique|belgien|bruxelles|brussels|brussel|bryssel|anvers|antwerp|liege|luik|gent|ghent|gand|namur|charleroi|brugge|bruges|leuven|louvain|wallonie|flandre|vlaanderen|mons`), "BE"},
		{rx(`switzerland|suiza|suisse|schweiz|schweizer|zurich|geneve|geneva|genf|lausanne|basel|bern|berne|luzern|lucerne|st gallen|sankt gallen|lugano|winterthur|fribourg|neuchatel|wallis|valais|ticino|tessin|aargau|thurgau|graubunden|sion|biel`), "CH"},
		{rx(`austria|autriche|osterreich|wien|vienna|vienne|graz|salzburg|innsbruck|linz|tirol|steiermark|karnten|vorarlberg|klagenfurt|burgenland|niederosterreich|oberosterreich|st polten|wels|villach`), "AT"},
		{rx(`luxembourg|luxemburgo|luxemburg`), "LU"},
		{rx(`italy|italia|italie|italien|roma|milan|milano|mailand`), "IT"},
		{rx(`portugal|lisbon|lisboa|lissabon|lisbonne`), "PT"},
		{rx(`netherlands|holland|paises bajos|pays bas|niederlande|nederlanderna|amsterdam|rotterdam`), "NL"},
		{rx(`norway|noruega|norvege|norwegen|norge|oslo|bergen`), "NO"},
		{rx(`denmark|dinamarca|danemark|danmark|copenhagen|kopenhamn|kopenhagen|copenhague`), "DK"},
		{rx(`finland|finlandia|finlande|finnland|helsinki|helsingfors|tampere|tammerfors|turku|espoo|esbo|vantaa|vanda|oulu|uleaborg|vaasa|vasa|aland`), "FI"},
		{rx(`australia|australie|australien|sydney|melbourne`), "AU"},
		{rx(`new zealand|nueva zelanda|nouvelle zelande|neuseeland|nya zeeland`), "NZ"},
		{rx(`argentina|argentine|argentinien|buenos aires|rosario|mendoza|la plata|mar del plata|tucuman`), "AR"},
		{rx(`colombia|colombie|kolumbien|bogota|medellin|barranquilla|bucaramanga|pereira`), "CO"},
		{rx(`chile|santiago de chile|valparaiso|vina del mar|antofagasta`), "CL"},
		{rx(`peru|perou|lima|arequipa|cusco|cuzco`), "PE"},
		{rx(`poland|polonia|pologne|polen|warsaw|varsovia|warschau`), "PL"},
	}
	// usFalse hides "us" and "america" where they are not a place ("help us", "bank of america").
	usFalse = rx(`bank of america|american express`)
)

// wholeYear is cover bought for a year at a time: "travel insurance for the whole year is 210".
var wholeYear = [][]string{{"whole", "year"}, {"all", "year"}, {"full", "year"}, {"todo", "el", "ano"}, {"toute", "l'annee"}, {"toute", "l", "annee"}, {"ganze", "jahr"}, {"ganzes", "jahr"}, {"hela", "aret"}, {"helt", "ar"}}

// originRe is a country of origin and the word after it.
var originRe = rx(`((i am|i'?m|im|we are|we'?re|i come|we come|originally) from|(vengo|venimos|soy|somos) de|(je viens|nous venons|je suis originaire|originaire) (d'? ?|de |du |des )|(komme|kommen|stamme|stammen) aus|(kommer|ar|kom) fran) (the |la |el |le |der |dem |l'? ?)?[a-z]+`)

// region finds the market a message states: a US state before a country, the first country
// otherwise.
func region(raw, flat string) string {
	if m := usStateRe.FindString(flat); m != "" {
		return "US-" + usStates[m]
	}
	if m := usCodeRe.FindStringSubmatch(raw); m != nil && usCodes[m[1]] {
		return "US-" + m[1]
	}
	flat = usFalse.ReplaceAllString(flat, " ")
	// Where someone comes from is not where they live: "I come from Italy and here in
	// Switzerland…" is CH, "I am from Poland" alone names no market.
	flat = originRe.ReplaceAllString(flat, " ")
	best, bestAt := "", len(flat)
	for i, loc := range countryLexicons.first(flat) {
		if loc != nil && loc[0] < bestAt {
			best, bestAt = countries[i].code, loc[0]
		}
	}
	if best == "" && usUpperRe.MatchString(raw) {
		return "US"
	}
	return best
}

// Offer references: a position in the last list shown, the cheapest, or a name.
var (
	ordinalRules = []ordinalRule{
		{rx(`first|1 st|top|` + numbered(`1|one|uno|una|un|une|eins|ett`) + `|primer|primero|primera|1 º|1 ª|premier|premiere|1 er|1 ere|erste|ersten|erster|erstes|forsta|oversta|overst`), "1"},
		{rx(`second|2 nd|` + numbered(`2|two|dos|deux|zwei|tva`) + `|segundo|segunda|2 º|2 ª|deuxieme|seconde|2 e|2 eme|zweite|zweiten|zweiter|zweites|andra`), "2"},
		{rx(`third|3 rd|` + numbered(`3|three|tres|trois|drei|tre`) + `|tercer|tercero|tercera|3 º|3 ª|troisieme|3 e|3 eme|dritte|dritten|dritter|drittes|tredje`), "3"},
		{rx(`cheapest|least expensive|lowest cost|mas barat[oa]s?|moins chere?s?|gunstigste[nrs]?|billigste[nrs]?|billigaste`), "cheapest"},
	}
	// capitalised runs of words, joined by spaces or "&": "Harborline", "Summit Ridge", "Thistle & Oak".
	// A word in capitals only ("TAE", "APR") is an acronym, not a name.
	// Inner words may carry a number ("Lark 30-Month Balance Transfer Card").
	nameRe = regexp.MustCompile(`\p{Lu}\p{Ll}[\p{Ll}\p{Lu}'-]*(?:(?:\s+&\s+|\s+)(?:\d+-)?\p{Lu}\p{Ll}[\p{Ll}\p{Lu}'-]*)*`)
	// theNameRe finds a lower-case name where only a name can stand: "the harborline loan".
	theNameRe = regexp.MustCompile(`\b(?:the|la|el|le|das|die|der|det|den) ([\p{L}&]+) (?:one|loan|card|offer|policy|deal|mortgage|insurance|oferta|offre|angebot|erbjudandet|kortet|lanet)\b`)
	// notNames are capitalised words that are not offer names even in the middle of a message.
	notNames = map[string]bool{
		"i": true, "i'm": true, "i've": true, "i'd": true, "i'll": true, "ok": true, "okay": true, "apr": true, "tae": true, "taeg": true,
		"ratewise": true, "uk": true, "us": true, "usa": true, "eu": true, "english": true, "spanish": true,
		"ihnen": true, "sie": true, "ihr": true, "ihre": true, "euch": true, "du": true, "dich": true, "usted": true, "ustedes": true,
		"vous": true, "ni": true, "er": true, "dem": true, "der": true, "die": true, "das": true, "mr": true, "mrs": true, "ms": true,
		// Platforms and authorities that frauds and debts are told with.
		"instagram": true, "facebook": true, "whatsapp": true, "tiktok": true, "telegram": true, "microsoft": true, "apple": true,
		"google": true, "amazon": true, "paypal": true, "ebay": true, "netflix": true, "vinted": true, "skatteverket": true,
		"kronofogden": true, "hmrc": true, "irs": true, "finanzamt": true, "hacienda": true, "polizei": true, "policia": true, "polisen": true,
		"police": true, "dhl": true, "ups": true, "fedex": true, "postnord": true, "correos": true,
	}
	// elsewhere are countries people come from or travel to that are no market of the
	// catalogue: places, never offer names.
	elsewhere = rx(`ecuador|bolivia|venezuela|cuba|honduras|guatemala|el salvador|nicaragua|paraguay|uruguay|marruecos|morocco|maroc|marokko|senegal|algerie|algeria|tunisie|tunisia|turkey|turquie|turkei|turkiet|turquia|syria|syrie|syrien|iraq|irak|iran|afghanistan|somalia|eritrea|ethiopia|nigeria|ghana|india|pakistan|bangladesh|china|vietnam|philippines|filipinas|ukraine|ucrania|ukraina|russia|rusia|russie|russland|ryssland|romania|rumania|roumanie|rumanien|bulgaria|serbia|croatia|kroatien|bosnia|albania|kosovo|greece|grecia|grece|griechenland|brazil|brasil|bresil|brasilien|cameroun|cameroon|congo|mali|egypt|egypte|cameroun|thailand|japan|japon`)
)

// notOrdinal are ordinal words that point at no shown offer: "the third time I write", "a
// second opinion", "la otra punta" ("andra änden"), "for the first time".
var notOrdinal = rx(`(first|second|third|primera|segunda|tercera|premiere|deuxieme|troisieme|erste|zweite|dritte|forsta|andra|tredje) (time|times|vez|fois|mal|gang|gangen|reminder|letter|warning|aviso|carta|lettre|relance|rappel|mahnung|zahlungserinnerung|erinnerung|brief|paminnelse|betalningspaminnelsen|paminnelsen|brevet)|(for|por|pour|zum|for) (the |la |le )?(first|primera|premiere|ersten|forsta) (time|vez|fois|mal|gangen)|andra (anden|sidan|hander|manniskor|banker|lander|hand|utlatande)|second (hand|opinion|home|job|income|language|country)|segunda (mano|opinion|vivienda|residencia)|seconde main|zweit(e|en) (meinung|wohnung|job)|ett andra utlatande`)

// numbered is "number N" in five languages for the spellings of N in n: "number two",
// "número dos", "numéro 2", "Nummer zwei", "nummer två", "option 2", "#2".
func numbered(n string) string {
	digit := n[:1]
	return `(number|nr|numero|num|nummer|option|opcion|offer|oferta|offre|angebot|alternativ|alternative|alternativa) (` + n + `)|(no|n º|#) ?` + digit +
		// "la 2 tiene carencia?", "bei der 2", "et la 3 ?": a shown offer by its place alone.
		`|(bei der|von der|mit der|bei die) ` + digit + `|(la|con la|de la|en la|sur la|dans la|pour la) ` + digit + `( (tiene|tien|es|esta|me|a|est|cobra|coute|incluye|inclut)|$)`
}

// offerRef finds which shown offer a message is about: a partner's name as written, else a
// position or "the cheapest". vocab holds the corpus's ordinary words, so a capitalised common
// word is not taken for a name.
func offerRef(raw, flat, lang string, vocab map[string]bool) (ref string, named bool) {
	if name, sure := offerName(raw, lang, vocab); name != "" {
		return name, sure
	}
	best, bestAt := "", len(flat)
	// "#2": a word boundary cannot stand before "#", so it is read as "nr 2".
	flat = strings.ReplaceAll(notOrdinal.ReplaceAllString(flat, " "), "# ", "nr ")
	for i, loc := range ordinalLexicons.first(flat) {
		if loc != nil && loc[0] < bestAt {
			best, bestAt = ordinalRules[i].ref, loc[0]
		}
	}
	return best, false
}

var (
	// ownLine is a partner's own service line: a catalogue name in a message that asks for
	// its hotline, customer service or number ("¿Summit tiene un teléfono de atención al
	// cliente?", "Hat Hearthstone eine eigene Hotline?") is a question about that partner,
	// not a request for one of ours.
	ownLine = rx(`hotline|customer (service|care|support)|helpline|claims (line|team|people|department)|phone number|(telefono|numero) de (atencion|contacto)|atencion al cliente|servicio (al cliente|de atencion)|service (client|clientele)|numero de telephone|kundendienst|kundenservice|servicenummer|telefonnummer|kundtjanst|kundservice|skadejour|eigene (hotline|nummer|telefonnummer)|propio telefono|(their|its) own (number|line|staff|advis[oe]rs?)`)
	// offerNouns around a word make it a name in any language: "the Harborline loan", "el
	// préstamo de Harborline", "das Angebot von Summit Ridge", "kortet från Lark".
	offerNouns   = wordSet(`one loan card offer policy deal mortgage insurance cover plan prestamo oferta tarjeta seguro hipoteca poliza pret offre carte credit assurance hypotheque kredit angebot karte kreditkarte versicherung hypothek darlehen tarif police lan lanet bolan bolanet erbjudande erbjudandet kort kortet forsakring forsakringen`)
	namePrefixes = wordSet(`de del von vom bei beim fran hos pa chez du des d' med with from at en`)
	articles     = wordSet(`the le la les el los las den det`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// offerName returns the first name of an offer or partner in raw, and whether its context
// (an offer noun, a preposition, an article, a possessive) says it is one rather than just a
// capitalised word.
func offerName(raw, lang string, vocab map[string]bool) (string, bool) {
	known := func(w string) bool {
		k := fold(strings.TrimSuffix(w, "'s"))
		// A multiplier, a currency or a unit opens no name ("2,5 Mio. Franken").
		_, scale := multipliers[k]
		return vocab[k] || notNames[k] || scale || currencyWords[k] != "" || monthWords[k] || yearWords[k]
	}
	for _, loc := range nameRe.FindAllStringIndex(raw, -1) {
		ws := strings.Fields(raw[loc[0]:loc[1]])
		before := lastWord(raw[:loc[0]])
		after := firstWord(raw[loc[1]:])
		// "Summit-Karte", "Lark-kortet", "Albion-Angebot": a name joined to the noun it
		// names.
		for i, w := range ws {
			if head, tail, ok := strings.Cut(w, "-"); ok && head != "" && offerNouns[fold(tail)] {
				ws, after = append(ws[:i:i], head), fold(tail)
				break
			}
		}
		possessive := strings.HasSuffix(ws[len(ws)-1], "'s")
		// Outside German, where every noun has a capital, a capital after an article is a
		// name: "le Kingsbridge", "el Harborline", "den Lark".
		article := lang != "de" && articles[before]
		inContext := offerNouns[after] || offerNouns[before] || namePrefixes[before] || possessive || article
		// A capital that opens a sentence is only a capital, unless the context says name
		// ("Harborline's fees?", "Harborline loan, any fees?").
		if sentenceStart(raw, loc[0]) && !inContext {
			ws = ws[1:]
			inContext = false
		}
		// In German every noun is capitalised, and the corpus cannot know every word of
		// five languages: outside English a capital alone is not enough.
		if len(ws) == 0 || ws[0] == "&" || known(ws[0]) || (lang != "en" && lang != "" && !inContext) {
			continue
		}
		name := strings.TrimSuffix(strings.Join(ws, " "), "'s")
		if isPlace(name) {
			continue
		}
		return name, inContext
	}
	low := fold(raw)
	if m := theNameRe.FindStringSubmatch(low); m != nil {
		w := m[1]
		if !vocab[w] && !notNames[w] && len(w) > 2 {
			// Report the name as the user wrote it (the folded text may differ in case
			// and accents).
			for _, f := range strings.FieldsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",.?!;:", r) }) {
				if fold(f) == w {
					return f, true
				}
			}
		}
	}
	return "", false
}

// lastWord and firstWord return the folded word just before or after a point in s, without
// an elided article ("l'offre" is "offre").
func lastWord(s string) string {
	f := strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(f) == 0 {
		return ""
	}
	w := f[len(f)-1]
	if i := strings.LastIndexByte(w, '\''); i >= 0 && i < len(w)-1 {
		return w[i+1:]
	}
	return w
}

func firstWord(s string) string {
	f := strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func sentenceStart(s string, i int) bool {
	t := strings.TrimRightFunc(s[:i], unicode.IsSpace)
	return t == "" || strings.ContainsAny(t[len(t)-1:], ".?!¿¡\"(")
}

func isPlace(name string) bool {
	f := " " + fold(name) + " "
	if usStateRe.MatchString(f) || elsewhere.MatchString(f) {
		return true
	}
	return slices.Contains(countryLexicons.matching(f), true)
}

// Finance concepts, keyed by a short English name. The earliest mention in a message wins
// ("how does a balance transfer affect my credit score" is about balance transfers); at the
// same place the longer phrase wins ("amortización anticipada" over "amortización").
var topicRules = []topicRule{
	{rx(`intro(ductory)? (apr|rate|period|offer)|teaser rate|0 % intro`), "introductory_rate"},
	{rx(`apr|annual percentage rate|tae|taeg|effektive\w* jahreszins|effektivzins|effektiv ranta`), "apr"},
	{rx(`apy|annual percentage yield`), "apy"},
	{rx(`interest rates?|how is interest calculated|tin|taux nominal|sollzins|nominell ranta|nominalzins`), "interest_rate"},
	// The difference between the two rates starts at whichever is named first.
	{rx(`(apr|tae|taeg|effektiv\w*( jahres)?zins|effektiv ranta)( \S+){0,6} (interest rate|tin|sollzins|nominalzins|taux nominal|nominell ranta|taux d'? ?interet)|(interest rate|tin|sollzins|nominalzins|taux nominal|nominell ranta)( \S+){0,6} (apr|tae|taeg|effektivzins|effektiv\w* jahreszins|effektiv ranta)`), "apr_vs_interest_rate"},
	{rx(`euribor|stibor`), "euribor"},
	{rx(`taux d'? ?usure|usury( rate)?|tasa de usura|wucherzins\w*|ockerranta`), "usury_rate"},
	{rx(`balance transfers?|transferencias? de saldo|transferts? de solde|guthabenubertragung\w*|saldooverforing\w*`), "balance_transfer"},
	{rx(`prepayment penalt\w*|early (repayment|payoff|settlement) (charges?|fees?|penalt\w*)|penalty for paying (it )?(off )?early|amortizacion anticipada|remboursement anticipe|indemnites de remboursement|vorfalligkeitsentschadigung|ranteskillnadsersattning|fortidsinlosen\w*`), "prepayment_penalty"},
	{rx(`scams?|scammers?|fraud\w*|phishing|identity theft|identitatsdiebstahl|robo de identidad|suplantacion de identidad|usurpation d'? ?identite|identitetsstold|id ?stold|protect my identity|identity protection|estaf\w*|arnaqu\w*|escroqu\w*|lurad|luras|lura mig|fake banks?|estafas?|timos?|arnaques?|escroquerie\w*|\w*betrug\w*|\w*betruger\w*|abzocke|\w*bluff\w*|\w*bedrageri\w*|keep my card safe|legit\w*|genuine|trustworthy|red flag|is it real|too good to be true|de fiar|fiable|\w*seriose[rns]?|\w*serios|serieux|serieuse|seriost|lurendrejeri|` +
		`(bank|banks|banco|bancos|banque|banques|banken|lender|lenders|prestamista|preteur|kreditgeber|langivare) (\S+ ){0,6}(ask|asks|asking|pide|pedir|pediria|demande|demander|fragen|fragt|ber|be om) (\S+ ){0,3}(pin|pins|code|codes|codigo|clave|password|tan|tans|kod|koden|koder|money|dinero|argent|geld|pengar|fee|fees)|` +
		`(ask|asks|asking|pide|piden|demande|verlangen|verlangt|tar) (\S+ ){0,3}(fee|fees|money|dinero|argent|geld|betalt|pago|paiement) (\S+ ){0,3}(before|first|upfront|antes|avant|vorher|bevor|innan|forst)`), "scam_protection"},
	{rx(`deductible|excess|franquicia|franchise|selbstbeteiligung|selbstbehalt|sjalvrisk\w*`), "deductible"},
	{rx(`representative example|rep example|ejemplo representativo|exemple representatif|reprasentatives beispiel`), "representative_example"},
	{rx(`credit scores?|credit checks?|hard inquir\w*|fico|schufa|credit rating|puntuacion de credito|scoring|kreditbetyg`), "credit_score"},
	{rx(`credit reports?|credit file|historial crediticio|fichier banque de france|kreditupplysning\w*|kreditauskunft`), "credit_report"},
	{rx(`compound interest|interes compuesto|interets composes|zinseszins\w*|ranta pa ranta`), "compound_interest"},
	{rx(`fixed (and|or|vs|versus) (a )?(variable|tracker)|fixed vs variable|variable (and|or|vs) fixed|tipo fijo y variable|fijo (y|o) variable|taux fixe et (taux )?variable|fixe (et|ou) variable|festzins und variable\w*|fest (und|oder) variabel|fast och rorlig|fast eller rorlig`), "fixed_vs_variable_rate"},
	{rx(`fixed rate period|bunden ranta|binda rantan|bindningstid\w*|zinsbindung\w*|fix rather than track|taux (variable )?cape`), "fixed_vs_variable_rate"},
	{rx(`origination fees?|arrangement fees?|comision de apertura|frais de dossier|bearbeitungsgebuhr\w*|uppläggningsavgift|upplaggningsavgift\w*`), "origination_fee"},
	{rx(`ltv|loan to value`), "ltv"},
	{rx(`dti|debt to income`), "dti"},
	{rx(`refinanc\w*|refinanciar|refinanciacion|renegocier`), "refinancing"},
	{rx(`gap insurance`), "gap_insurance"},
	{rx(`grace period|periodo de gracia|delai de grace|zinsfreie zeit|rantefri period`), "grace_period"},
	{rx(`minimum payments?|pago minimo|paiement minimum|mindestzahlung|lagsta belopp|minimibelopp`), "minimum_payment"},
	{rx(`amorti[sz]ation|amortizacion|amortissement|tilgung|amortering`), "amortization"},
	{rx(`co ?signers?|cosign\w*|guarantors?|avalista|aval|codeudor\w*|garant|burge|burgschaft|borgenar|borgensman\w*`), "cosigner"},
	{rx(`collateral|garantia|sicherheit|sakerhet`), "collateral"},
	{rx(`no claims? (bonus|discount)|bonus malus|schadenfreiheitsklasse|bonus`), "no_claims_bonus"},
	{rx(`secured (vs|versus|or|and) unsecured|unsecured|secured loans?`), "secured_vs_unsecured"},
	{rx(`annual fees?|cuota anual|cotisation annuelle|jahresgebuhr|arsavgift`), "annual_fee"},
	{rx(`late fees?|late payments?|miss(ed|es|ing)? (a|one|two|\S+) (\S+ )?(payments?|instalments?|installments?)|recargo por demora|(me )?retraso en (un|el) pago|frais de retard|(je )?rate (une|deux) (mensualite|echeance)s?|(rate|raten) (nicht zahle|verpasse)\w*|mahngebuhr|missar (en|tva) betalning\w*|forseningsavgift|paminnelseavgift`), "missed_payment"},
	{rx(`premium|prima|cotisation|pramie|premie`), "premium"},
	{rx(`loan term|term of (a|the) loan|how long is a typical|plazo|duree du pret|laufzeit|lanetid|loptid`), "loan_term"},
	{rx(`debt consolidation|consolidat\w* (my )?debts?|consolidacion de deudas|reunificacion de deudas|rachat de credits?|regroupement de credits|umschuldung|samlingslan\w*|kreditkonsolidierung`), "debt_consolidation"},
	{rx(`assurance emprunteur|restschuldversicherung\w*|payment protection( insurance)?|ppi|credit insurance|seguro de amortizacion|betalningsskydd|seguro de proteccion de pagos`), "payment_protection_insurance"},
	{rx(`hire purchase|pcp|personal contract purchase|leasing|renting de coche|loa|lld|location avec option d'? ?achat|location longue duree|billeasing|dienstwagen\w*|formansbil\w*|salary sacrifice`), "hire_purchase"},
	{rx(`pin|pins|pin code|pin number|codigo pin|code pin|code de (ma |la )?carte( bleue)?|pinkod\w*|pin kod\w*|geheimzahl`), "card_pin"},
	{rx(`amorteringskrav\w*|amorti[sz]ation requirement`), "amortization_requirement"},
	{rx(`annuit\w* (loan|darlehen|kredit)|annuitatendarlehen|annuitatenkredit|annuitetslan\w*|pret amortissable`), "annuity_loan"},
	{rx(`balloon( payment)?|ballonrate|schlussrate|cuota (final|globo)`), "balloon_payment"},
	{rx(`beneficiar\w*|bezugsberechtigt\w*|begunstigt\w*|formanstagare\w*`), "beneficiary"},
	{rx(`bridg(e|ing) loans?|pret relais|(credito|prestamo) puente|zwischenfinanzierung|bruckenkredit|overbryggningslan\w*`), "bridge_loan"},
	{rx(`brokers?|courtiers?|corredor(es)? de (seguros|hipotecas)|\w*makler\w*|maklare\w*|maklaren`), "broker"},
	{rx(`cooling off( period)?|delai de retractation|droit de retractation|(derecho|periodo|plazo) de desistimiento|widerrufs\w*|angerratt\w*`), "cooling_off_period"},
	{rx(`credit limits?|limite de credito|limite de (la carte|credit)|plafond de (la )?carte|kreditlimit\w*|kreditrahmen|kreditgrans\w*`), "credit_limit"},
	{rx(`differe d'? ?amortissement|differe de remboursement|deferred (repayment|payment)s?|payment holiday|periodo de carencia|tilgungsaussetzung|tilgungsfrei\w*|amorteringsfri\w*`), "deferred_repayment"},
	{rx(`down ?payments?|kontantinsats\w*|apport personnel|enganche|pago inicial`), "down_payment"},
	{rx(`eligib\w*|qualify for|underwrit\w*|affordability|credit decisions?|(loan|credit) applications?|solicitudes de (prestamo|credito)|dossiers de credit|kreditantrag\w*|laneansokning\w*|bank statements|extractos (bancarios|de (la )?cuenta)|releves (de compte|bancaires)|kontoauszug\w*|kontoutdrag`), "eligibility"},
	{rx(`(financial|mortgage|money|independent) advis[oe]rs?|asesor(es)? (financier\w*|hipotecari\w*)|conseiller(s)? (financier\w*|en gestion de patrimoine)|\w*finanzberater\w*|\w*finanzierungsberater\w*|(finansiell\w*|ekonomisk\w*) radgivare|bolaneradgivare`), "financial_adviser"},
	{rx(`forward ?darlehen|forward loan`), "forward_loan"},
	{rx(`(credito|prestamo)s? uva|inflation (indexed|linked) (loan|mortgage)s?`), "inflation_indexed_loan"},
	{rx(`ranteavdrag\w*|(mortgage )?interest deduction|deduccion (de|por) intereses|deduction des interets|schuldzinsenabzug`), "interest_deduction"},
	{rx(`(whole|term) life|life (insurance|cover|policy|assurance)|seguros? de vida|assurances? (vie|deces)|\w*lebensversicherung\w*|livforsakring\w*|death in service`), "life_insurance"},
	{rx(`emi|equated monthly instal+ments?`), "monthly_payment"},
	{rx(`clausula suelo`), "mortgage_floor_clause"},
	{rx(`negative equity|capital negativo|equite negative|negatives eigenkapital|negativt eget kapital`), "negative_equity"},
	{rx(`overpay\w*|sondertilgung\w*|remboursement partiel|amortizacion parcial|extraamorter\w*|amortera extra`), "overpayment"},
	{rx(`betalningsanmarkning\w*|payment remarks?|asnef|ficp|schufa ?eintrag\w*`), "payment_remark"},
	{rx(`debt collect\w*|collection agenc\w*|agencias? de (recobro|cobro)|empresas? de recobro|(societes?|agences?) de recouvrement|\w*inkasso\w*|inkassobolag\w*|kronofogden?s?`), "debt_collection"},
	{rx(`suicide clause|clausula de suicidio|clause (de )?suicide|suizidklausel|sjalvmordsklausul`), "suicide_clause"},
	{rx(`underinsur\w*|under insured|infraseguro|infraasegurad\w*|sous assur\w*|unterversicher\w*|underforsakra\w*`), "underinsurance"},
	{rx(`(what|what'?s|what does|does|will|would) (\S+ ){0,4}(cover|covered|pay out|refund|reimburse)|que cubre|(cubre|paga|devuelve) el seguro|el seguro (\S+ ){0,2}(cubre|paga|devuelve)|que couvre|(couvre|rembourse)[ -]t[ -](il|elle)|assurance \S+ (couvre|rembourse)|was (zahlt|deckt|ubernimmt)|(zahlt|deckt|ubernimmt) die \S*versicherung|vad tacker|(betalar|tacker|ersatter) (\S*forsakringen)`), "insurance_cover"},
}

// TermTopics lists the term_topic keys Parse can return, in no particular order; the planner
// maps each to an explanation or an article.
func TermTopics() []string {
	seen := map[string]bool{"debt_after_death": true}
	out := []string{"debt_after_death"}
	for _, r := range topicRules {
		if !seen[r.topic] {
			seen[r.topic] = true
			out = append(out, r.topic)
		}
	}
	return out
}

// death and debt: what happens to a loan when someone dies is a question, not a bereavement.
var (
	deathCue = rx(`(i|you|someone|somebody|he|she|they|the owner|the borrower|a person|people|a parent|my \S+) (die|dies|died|pass away|passes away|passed away)|death|deceased|` +
		`si me muero|cuando me muera|si muero|alguien (fallece|muere)|fallecimiento|muerte|si je meurs|quand je (meurs|mourrai)|quelqu'? ?un (meurt|decede)|au deces|deces|` +
		`wenn ich sterbe|jemand stirbt|todesfall|im todesfall|om jag dor|nar jag dor|nagon dor|dodsfall|dies|pass away|passes away|stirbt|dor|fallece|decede|meurt|muere`)
	debtCue = rx(`loans?|debts?|mortgages?|credit cards?|owe|deudas?|prestamos?|hipotecas?|dettes?|prets?|credits?|kredit\w*|schulden|darlehen|hypothek|lan|lanet|skulder|skuld`)
)

func termTopic(flat string) string {
	best, bestAt, bestLen := "", len(flat), 0
	topicLexicons.findAll(flat, func(i int, m []int) {
		if m[0] < bestAt || (m[0] == bestAt && m[1]-m[0] > bestLen) {
			best, bestAt, bestLen = topicRules[i].topic, m[0], m[1]-m[0]
		}
	})
	if loc := deathCue.FindStringIndex(flat); loc != nil && debtCue.MatchString(flat) && (best == "" || loc[0] < bestAt || best == "scam_protection") {
		return "debt_after_death"
	}
	return best
}

// Cue words for figures without a unit.
var (
	// rateBefore: a bare number shortly after one of these is a rate ("at 9.9", "rate is 6.5").
	rateBefore = map[string]bool{"rate": true, "apr": true, "interest": true, "tasa": true, "tipo": true, "interes": true, "taux": true, "zins": true, "zinsen": true, "zinssatz": true, "ranta": true, "rantan": true}
	// paymentWords right after a sum make it the monthly payment.
	paymentWords = wordSet(`payment repayment instalment installment rate monatsrate cuota mensualidad mensualite echeance avbetalning avbetalningen manadsbetalning manadsbetalningen`)
	// atBefore: "at 9.9", "@ 21.9" — only right before the figure ("at work till 12" is no rate).
	atBefore = map[string]bool{"at": true, "@": true, "al": true, "zu": true}
	// fixedAfter: "4.1 fixed", "3,2 fijo": a small number said to be fixed or variable is a rate.
	fixedAfter = wordSet(`fixed variable tracker fijo fija fixe fix fest festen fast rorlig`)
	// paymentBefore: a figure shortly after one of these is a monthly payment.
	paymentBefore = map[string]bool{"mensualite": true, "mensualites": true, "cuota": true, "manadskostnad": true, "manadskostnaden": true, "installment": true, "instalment": true, "rata": true, "monatsrate": true}
	// premiumBefore: a figure shortly after one of these is a premium.
	premiumBefore = map[string]bool{"premium": true, "prima": true, "cotisation": true, "pramie": true, "beitrag": true, "premie": true, "premien": true}
	// periodWords anywhere in a message about insurance say how often its premium is paid.
	periodWords = map[string]string{
		"monthly": PerMonth, "mensual": PerMonth, "mensuales": PerMonth, "mensuel": PerMonth, "mensuelle": PerMonth, "monatlich": PerMonth, "manadsvis": PerMonth,
		"quarterly": PerQuarter, "trimestral": PerQuarter, "trimestriel": PerQuarter, "vierteljahrlich": PerQuarter,
		"annual": PerYear, "annually": PerYear, "yearly": PerYear, "anual": PerYear, "annuel": PerYear, "annuelle": PerYear, "jahrlich": PerYear, "arlig": PerYear, "arligen": PerYear, "helar": PerYear,
	}
)

func cueWithin(toks []string, at, n int, cues map[string]bool) bool {
	for k := at - 1; k >= 0 && k >= at-n; k-- {
		if cues[toks[k]] {
			return true
		}
		if isNumeric(toks[k]) {
			return false
		}
	}
	return false
}

// slotsOf reads every slot a message states, whatever its intent; Parse drops those that do
// not belong to the intent it settles on.
// cues are what the slot rules notice besides slots, for the classifier and the rules.
type cues struct {
	named bool            // an offer or partner is named in a context that says so
	roles map[string]bool // roles of figures that are no loan's (rolePhoneNumber…)
	topic string          // a sensitive intent a lexicon found only in a topic frame
	// declined: the message turns a person down ("no, I don't need anyone").
	declined bool
}

func slotsOf(a analysis, vocab map[string]bool, names *Names) (Slots, cues) {
	var s Slots
	var c cues
	s.Product = product(a.flat, false)
	insurance := s.Product.IsInsurance() || (s.Product == "" && insuranceCue.MatchString(a.flat))
	// The figures of an offer's name ("Lark 30-Month …", "Albion 2-Year Fixed") are not
	// the user's.
	ref, from, to := names.find(a, vocab)
	if ref != "" {
		// A partner's name is an offer's by the same signs as a capitalised word: "the
		// new Northstar bike" is a bike from a shop, "lånet från Northstar" an offer.
		before, after := at(a.toks, from-1), at(a.toks, to)
		c.named = offerNouns[after] || offerNouns[before] || namePrefixes[before] || (a.lang != "de" && articles[before]) ||
			ownLine.MatchString(a.flat)
	}
	if ref == "" {
		ref, c.named = offerRef(a.raw, a.flat, a.lang, vocab)
		from, to = span(a.toks, nameTokens(ref))
	}
	s.OfferRef = ref
	if s.Product == "" && c.named && to < len(a.toks) && cardCue.MatchString(" "+a.toks[to]+" ") {
		// "my Harborline card", "la tarjeta de Lark" aside: a card named after its issuer
		// is a credit card.
		s.Product = offers.CreditCard
	}
	toks := a.toks
	if to > from && slices.ContainsFunc(a.toks[from:to], isNumeric) {
		toks = slices.Clone(a.toks)
		for i := from; i < to; i++ {
			toks[i] = "·"
		}
	}
	var terms, amounts []figure
	curTok := ""
	for _, f := range figures(toks) {
		switch {
		case f.role != "":
			// A phone number, a time, a credit score, a fee or a sum lost: none of the
			// user's loan.
			if c.roles == nil {
				c.roles = map[string]bool{}
			}
			c.roles[f.role] = true
			continue
		case f.unit == "percent":
			if s.Rate == nil && f.value.LessThanOrEqual(decimal.NewFromInt(100)) {
				s.Rate = ptr(f.value)
			}
			continue
		case f.unit == "month" || f.unit == "year":
			terms = append(terms, f)
			continue
		case f.isCalendarYear(toks):
			continue
		}
		money := f.currency != "" || f.scaled || f.period != ""
		if !money && s.Rate == nil && f.value.LessThan(decimal.NewFromInt(60)) && (cueWithin(toks, f.start, 6, rateBefore) || cueWithin(toks, f.start, 2, atBefore) ||
			(fixedAfter[at(toks, f.end)] && f.value.LessThan(decimal.NewFromInt(20)))) {
			s.Rate = ptr(f.value)
			continue
		}
		if !money && f.value.LessThan(decimal.NewFromInt(100)) {
			// "2 payments", "3 weeks", "number 3", "I'm 89": counts, not money.
			continue
		}
		if f.currency != "" && s.Currency == "" {
			s.Currency, curTok = f.currency, f.curTok
		}
		switch {
		case insurance && (f.period != "" || cueWithin(toks, f.start, 4, premiumBefore)) && s.Premium == nil:
			s.Premium = ptr(f.value)
			s.PremiumPeriod = f.period
		case !insurance && (f.period == PerMonth || cueWithin(toks, f.start, 6, paymentBefore)) && s.Payment == nil:
			s.Payment = ptr(f.value)
		case insurance && s.Premium == nil && len(amounts) == 0:
			s.Premium = ptr(f.value)
		case insurance:
			// A policy has no balance: another sum is last year's premium or a cover.
		case f.period == "" && paymentWord(at(toks, f.end)) && s.Payment == nil:
			// "the $455 payment", "240 € Rate".
			s.Payment = ptr(f.value)
		case f.period == "":
			amounts = append(amounts, f)
		}
	}
	if len(amounts) > 0 {
		// What is left wins over what was first borrowed; otherwise the first sum.
		pick := amounts[0]
		for i := len(amounts) - 1; i >= 0; i-- {
			if f := amounts[i]; f.left || (!f.original && pick.original) {
				pick = f
			}
		}
		s.Amount = ptr(pick.value)
	}
	if s.Premium != nil && s.PremiumPeriod == "" {
		for _, t := range toks {
			if p, ok := periodWords[t]; ok {
				s.PremiumPeriod = p
				break
			}
		}
	}
	if s.Premium != nil && s.PremiumPeriod == "" {
		// "each month for insurance on my Honda", "im Jahr 135 Euro": the period stated apart
		// from the figure.
	scan:
		for i := range toks {
			for _, p := range periodAfter {
				if len(p.words) > 1 && hasAt(toks, i, p.words) {
					s.PremiumPeriod = p.period
					break scan
				}
			}
			for _, p := range wholeYear {
				if hasAt(toks, i, p) {
					s.PremiumPeriod = PerYear
					break scan
				}
			}
		}
	}
	if len(terms) == 0 && aYear.MatchString(a.flat) {
		// "over a year", "en un año": a term of one, which figures does not see as a number.
		if m := aYear.FindString(a.flat); strings.Contains(m, "month") || strings.Contains(m, "mes") || strings.Contains(m, "mois") || strings.Contains(m, "monat") || strings.Contains(m, "manad") {
			s.TermMonths = 1
		} else {
			s.TermMonths = 12
		}
	}
	if len(terms) > 0 {
		pick := terms[0]
		for _, t := range terms {
			if t.left {
				pick = t
				break
			}
		}
		if m := pick.termMonths(); m > 0 && m <= MaxTermMonths {
			s.TermMonths = m
		}
	}
	s.Region = region(a.raw, a.flat)
	if s.Currency != "" {
		s.Currency = resolveCurrency(curTok, strings.SplitN(s.Region, "-", 2)[0])
	}
	s.TermTopic = termTopic(a.flat)
	return s, c
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

func paymentWord(t string) bool { return paymentWords[t] }

// span returns where the token sequence sub first stands in toks; 0, 0 if nowhere (or if sub
// is a position like "2", which is no name).
func span(toks, sub []string) (int, int) {
	if len(sub) == 0 || (len(sub) == 1 && isNumeric(sub[0])) {
		return 0, 0
	}
	for i := 0; i+len(sub) <= len(toks); i++ {
		if slices.Equal(toks[i:i+len(sub)], sub) {
			return i, i + len(sub)
		}
	}
	return 0, 0
}

// forIntent keeps the slots that belong to intent, as the corpus labels them (see
// corpus/README.md): none for small talk and answers; only the offer for a question about a
// shown offer (the offer carries its own product, rate and term); only the concept for an
// explanation; no sum lost to a fraud; a currency only with the sum it is the currency of; a
// bare "card" as a credit card only while shopping, comparing, listing or behind on payments
// (a stolen "card" may be a debit card); no product when a sensitive message names several
// (it is about all of them); and a car as an auto loan when financing one.
func (s Slots) forIntent(intent string, a analysis, vocab map[string]bool) Slots {
	switch intent {
	case Greeting, Thanks, Affirm, Deny, OffTopic:
		return Slots{}
	case AskOffer:
		return Slots{OfferRef: s.OfferRef}
	case ExplainTerm:
		return Slots{TermTopic: s.TermTopic}
	}
	s.OfferRef, s.TermTopic = "", ""
	// A rate in a search describes the offers sought ("0 % balance transfer cards"), not
	// what the user pays.
	if intent == FindOffers {
		s.Rate = nil
	}
	if intent == Fraud {
		s.Amount = nil
	}
	if s.Amount == nil && s.Payment == nil && s.Premium == nil {
		s.Currency = ""
	}
	if s.Product == "" && (intent == CompareHolding || intent == FindOffers || intent == ListHoldings || intent == Hardship) {
		s.Product = product(a.flat, true)
	}
	if s.Product == "" && intent == Financing && (carBought.MatchString(a.flat) || (vehicleCue.MatchString(a.flat) && replacement.MatchString(a.flat))) {
		s.Product = offers.AutoLoan
	}
	if IsSensitive(intent) && productsNamed(a.flat) > 1 {
		s.Product = ""
	}
	if IsSensitive(intent) || intent == Complaint {
		// Where a card was used or a loss happened ("a charge from a store in Ohio") is not
		// the market of a holding.
		s.Region = ""
	}
	return s
}

// productsNamed counts the distinct products a message names outright.
func productsNamed(flat string) int {
	n := 0
	for _, named := range productLexicons.matching(flat) {
		if named {
			n++
		}
	}
	return n
}

// The rule lists' lexicons, each list read in one scan of a message.
var (
	productLexicons = mergeLexicons(lexiconsOf(productRules, func(r productRule) *phrases { return r.re }))
	countryLexicons = mergeLexicons(lexiconsOf(countries, func(c country) *phrases { return c.re }))
	ordinalLexicons = mergeLexicons(lexiconsOf(ordinalRules, func(r ordinalRule) *phrases { return r.re }))
	topicLexicons   = mergeLexicons(lexiconsOf(topicRules, func(r topicRule) *phrases { return r.re }))
)

func lexiconsOf[R any](rules []R, re func(R) *phrases) []*phrases {
	out := make([]*phrases, len(rules))
	for i, r := range rules {
		out[i] = re(r)
	}
	return out
}

type country struct {
	re   *phrases
	code string
}

type ordinalRule struct {
	re  *phrases
	ref string
}

type topicRule struct {
	re    *phrases
	topic string
}

// CurrencyNamed is the ISO 4217 code of the currency the first amount of text that names one
// is written in ("200 € de plus" → EUR, "£700 a month" → GBP), resolved by the region the
// text names ("$" in Canada is CAD); "" when none does. Unlike Parse's slots, it reads the
// amounts whatever the message is about: "what if I paid £700?" asks about no holding.
func CurrencyNamed(text string) string {
	a := analyse(text, "")
	for _, f := range figures(a.toks) {
		if f.currency != "" {
			return resolveCurrency(f.curTok, strings.SplitN(region(a.raw, a.flat), "-", 2)[0])
		}
	}
	return ""
}
