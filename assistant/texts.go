package assistant

import (
	"fmt"
	"strings"

	"ratewise/assistant/nlu"
)

// The assistant's own words, in every language it answers in (nlu.Languages). Figures are
// never written here: they are formatted by offers (FormatMoney, FormatPercent) in the
// locale of the language (langLocale) and passed in.

// texts holds each text by key and language; English is the fallback for a missing one.
var texts = map[string]map[string]string{
	"greeting": {
		"en": "Hello! I can check whether your loans or insurance could be cheaper, explain terms like APR, or find financing. Tell me about a loan — for example \"" + ExamplePhrase + "\" — or ask to talk to a person at any time.",
		"es": "¡Hola! Puedo comprobar si tus préstamos o seguros podrían ser más baratos, explicarte términos como la TAE o buscar financiación. Cuéntame de un préstamo (el saldo, el tipo de interés y los meses que quedan) o pide hablar con una persona cuando quieras.",
		"fr": "Bonjour ! Je peux vérifier si vos prêts ou assurances pourraient coûter moins cher, expliquer des termes comme le TAEG ou trouver un financement. Parlez-moi d'un prêt (le capital restant, le taux et les mois restants), ou demandez à parler à quelqu'un à tout moment.",
		"de": "Hallo! Ich kann prüfen, ob Ihre Kredite oder Versicherungen günstiger sein könnten, Begriffe wie den effektiven Jahreszins erklären oder eine Finanzierung finden. Nennen Sie mir einen Kredit (Restschuld, Zinssatz und Restlaufzeit) oder bitten Sie jederzeit um einen Menschen.",
		"sv": "Hej! Jag kan se om dina lån eller försäkringar kan bli billigare, förklara begrepp som effektiv ränta eller hitta finansiering. Berätta om ett lån (skulden, räntan och månaderna som är kvar), eller be att få prata med en människa när du vill.",
	},
	"thanks": {
		"en": "You're welcome. If anything else comes up, I'm here — and a person is always one message away.",
		"es": "De nada. Si surge algo más, aquí estoy, y una persona está siempre a un mensaje de distancia.",
		"fr": "Avec plaisir. Si autre chose se présente, je suis là, et un conseiller n'est jamais qu'à un message.",
		"de": "Gern geschehen. Wenn noch etwas ist, bin ich da, und ein Mensch ist immer nur eine Nachricht entfernt.",
		"sv": "Varsågod. Om något mer dyker upp finns jag här, och en människa är alltid bara ett meddelande bort.",
	},
	"clarify": {
		"en": "I'm not sure I understood. I can compare a loan or insurance policy with our partners' offers, list your saved holdings, explain a term, or find financing for an amount. Could you say which?",
		"es": "No estoy seguro de haberte entendido. Puedo comparar un préstamo o un seguro con las ofertas de nuestros socios, mostrar lo que tienes guardado, explicar un término o buscar financiación para un importe. ¿Qué te gustaría?",
		"fr": "Je ne suis pas sûr d'avoir compris. Je peux comparer un prêt ou une assurance aux offres de nos partenaires, lister ce que vous avez enregistré, expliquer un terme ou trouver un financement pour un montant. Que souhaitez-vous ?",
		"de": "Ich bin nicht sicher, ob ich Sie verstanden habe. Ich kann einen Kredit oder eine Versicherung mit den Angeboten unserer Partner vergleichen, Ihre gespeicherten Verträge auflisten, einen Begriff erklären oder eine Finanzierung für einen Betrag finden. Was möchten Sie?",
		"sv": "Jag är inte säker på att jag förstod. Jag kan jämföra ett lån eller en försäkring med våra partners erbjudanden, visa det du har sparat, förklara ett begrepp eller hitta finansiering för ett belopp. Vad vill du göra?",
	},
	// The person is fed up with the assistant (asides.go).
	"sorry_unhelpful": {
		"en": "I'm sorry I haven't been much help.",
		"es": "Siento no haberte sido de mucha ayuda.",
		"fr": "Je suis désolé de ne pas vous avoir été plus utile.",
		"de": "Es tut mir leid, dass ich Ihnen kaum helfen konnte.",
		"sv": "Förlåt att jag inte har varit till mycket hjälp.",
	},
	// The person did not understand the last answer (asides.go).
	"confused": {
		"en": "Sorry, I wasn't clear. Tell me which part you'd like explained — a term like APR, the figures, or what to do next — and I'll put it more simply.",
		"es": "Perdona, no me he explicado bien. Dime qué parte quieres que te explique (un término como la TAE, las cifras o qué hacer ahora) y te lo diré de forma más sencilla.",
		"fr": "Pardon, je n'ai pas été clair. Dites-moi quelle partie vous voulez que j'explique (un terme comme le TAEG, les chiffres ou la marche à suivre) et je le dirai plus simplement.",
		"de": "Entschuldigung, das war nicht klar. Sagen Sie mir, welchen Teil ich erklären soll (einen Begriff wie den effektiven Jahreszins, die Zahlen oder was als Nächstes zu tun ist), dann sage ich es einfacher.",
		"sv": "Förlåt, jag var otydlig. Säg vilken del du vill ha förklarad (ett begrepp som effektiv ränta, siffrorna eller vad du ska göra härnäst) så säger jag det enklare.",
	},
	// The person turns down every offer just shown (asides.go).
	"none_suit": {
		"en": "Understood — none of those suits you. If you tell me what matters most (a lower monthly payment, a shorter or longer term, no fees, a different amount), I'll look again; or one of our people can go through your options with you.",
		"es": "Entendido, ninguna te encaja. Si me dices qué es lo que más te importa (una cuota más baja, un plazo más corto o más largo, sin comisiones, otro importe), vuelvo a buscar; o una persona de nuestro equipo puede revisar tus opciones contigo.",
		"fr": "Compris, aucune ne vous convient. Dites-moi ce qui compte le plus pour vous (une mensualité plus basse, une durée plus courte ou plus longue, pas de frais, un autre montant) et je cherche à nouveau ; ou une personne de notre équipe peut examiner vos options avec vous.",
		"de": "Verstanden, keines davon passt. Sagen Sie mir, was Ihnen am wichtigsten ist (eine niedrigere Monatsrate, eine kürzere oder längere Laufzeit, keine Gebühren, ein anderer Betrag), dann suche ich noch einmal; oder jemand aus unserem Team geht Ihre Möglichkeiten mit Ihnen durch.",
		"sv": "Jag förstår, inget av dem passar. Säg vad som är viktigast för dig (en lägre månadskostnad, kortare eller längre löptid, inga avgifter, ett annat belopp) så letar jag igen; eller så kan någon i vårt team gå igenom dina alternativ med dig.",
	},
	"offer_handoff": {
		"en": "Shall I connect you with a person?",
		"es": "¿Quieres que te ponga en contacto con una persona?",
		"fr": "Voulez-vous que je vous mette en relation avec un conseiller ?",
		"de": "Soll ich Sie mit einem Menschen verbinden?",
		"sv": "Vill du att jag kopplar dig till en människa?",
	},
	"next_holding": {
		"en": "You also mentioned your %s. Shall I compare it next?",
		"es": "También mencionaste otro producto (%s). ¿Quieres que lo compare ahora?",
		"fr": "Vous avez aussi mentionné un autre produit (%s). Voulez-vous que je le compare ensuite ?",
		"de": "Sie haben noch etwas erwähnt (%s). Soll ich das als Nächstes vergleichen?",
		"sv": "Du nämnde också något mer (%s). Ska jag jämföra det härnäst?",
	},
	"pay_first": {
		"en": "Of your loans and cards, your %s (%s owed at %s) has the highest rate: money beyond the monthly payments saves the most interest there. Keep paying at least what's due on the others; by rate they come next: %s. Before paying a loan off early, check its prepayment penalty.",
		"es": "De tus préstamos y tarjetas, tu %s (%s pendientes al %s) tiene el tipo más alto: el dinero que pagues de más ahorra más intereses ahí. Sigue pagando al menos lo que vence en los demás; por tipo, van después: %s. Antes de amortizar un préstamo, comprueba su comisión por amortización anticipada.",
		"fr": "Parmi vos prêts et cartes, votre %s (%s restant dû à %s) a le taux le plus élevé : l'argent versé en plus des mensualités y économise le plus d'intérêts. Continuez à payer au moins ce qui est dû sur les autres ; par taux, viennent ensuite : %s. Avant de rembourser un prêt par anticipation, vérifiez ses pénalités.",
		"de": "Von Ihren Krediten und Karten hat „%s“ (%s offen zu %s) den höchsten Zins: Geld über die Raten hinaus spart dort die meisten Zinsen. Zahlen Sie auf die anderen mindestens das Fällige; nach Zins folgen: %s. Prüfen Sie vor einer vorzeitigen Rückzahlung die Vorfälligkeitsentschädigung.",
		"sv": "Av dina lån och kort har ditt %s (%s kvar till %s) högst ränta: pengar utöver månadsbetalningarna sparar mest ränta där. Fortsätt betala minst det som förfaller på de andra; efter ränta kommer sedan: %s. Kontrollera avgiften för förtidslösen innan du löser ett lån i förtid.",
	},
	"pay_first_next": {"en": "your %s at %s", "es": "tu %s al %s", "fr": "votre %s à %s", "de": "„%s“ zu %s", "sv": "ditt %s till %s"},
	"pay_first_one": {
		"en": "I know of one loan or card of yours, your %s (%s owed at %s), so there is nothing to choose between: money beyond its payment cuts its interest (check its prepayment penalty first). Tell me about the others, or add them on My loans & policies, and I'll compare their rates.",
		"es": "Conozco un solo préstamo o tarjeta tuyo, tu %s (%s pendientes al %s), así que no hay nada que elegir: lo que pagues de más reduce sus intereses (comprueba antes su comisión por amortización anticipada). Háblame de los demás, o añádelos en «My loans & policies», y compararé sus tipos.",
		"fr": "Je ne connais qu'un seul de vos prêts ou cartes, votre %s (%s restant dû à %s) : il n'y a donc rien à choisir. L'argent versé en plus réduit ses intérêts (vérifiez d'abord ses pénalités de remboursement anticipé). Parlez-moi des autres, ou ajoutez-les dans « My loans & policies », et je comparerai leurs taux.",
		"de": "Ich kenne nur einen Kredit oder eine Karte von Ihnen, „%s“ (%s offen zu %s), also gibt es nichts zu wählen: Geld über die Rate hinaus senkt die Zinsen (prüfen Sie zuerst die Vorfälligkeitsentschädigung). Erzählen Sie mir von den anderen oder fügen Sie sie unter „My loans & policies“ hinzu, dann vergleiche ich die Zinsen.",
		"sv": "Jag känner bara till ett av dina lån eller kort, ditt %s (%s kvar till %s), så det finns inget att välja mellan: pengar utöver betalningen minskar räntan (kontrollera först avgiften för förtidslösen). Berätta om de andra, eller lägg till dem under ”My loans & policies”, så jämför jag räntorna.",
	},
	"pay_first_none": {
		"en": "You have no loans or cards saved yet. Add them under My loans & policies, with each one's balance and rate, and I'll tell you which has the highest rate: money beyond the monthly payments saves the most interest there.",
		"es": "Aún no tienes préstamos ni tarjetas guardados. Añádelos en «My loans & policies», con el saldo y el tipo de cada uno, y te diré cuál tiene el tipo más alto: ahí es donde pagar de más ahorra más intereses.",
		"fr": "Vous n'avez encore enregistré aucun prêt ni carte. Ajoutez-les dans « My loans & policies », avec le solde et le taux de chacun, et je vous dirai lequel a le taux le plus élevé : c'est là que payer plus économise le plus d'intérêts.",
		"de": "Sie haben noch keine Kredite oder Karten gespeichert. Fügen Sie sie unter „My loans & policies“ mit Saldo und Zinssatz hinzu, dann sage ich Ihnen, welcher den höchsten Zins hat: Dort spart Geld über die Raten hinaus die meisten Zinsen.",
		"sv": "Du har inga lån eller kort sparade ännu. Lägg till dem under ”My loans & policies”, med skuld och ränta för vart och ett, så säger jag vilket som har högst ränta: där sparar extra inbetalningar mest ränta.",
	},
	"score_band": {
		"en": "%d is in the %s band (%d–%d) of the usual FICO ranges. A higher score means a lower rate: lenders weigh it with your income and debts. Tell me what you'd like to borrow and I'll list only the offers whose published minimum score it meets.",
		"es": "%d está en la franja «%s» (%d–%d) de los rangos FICO habituales. Una puntuación más alta significa un tipo más bajo: los prestamistas la valoran junto con tus ingresos y deudas. Dime qué quieres pedir y te mostraré solo las ofertas cuyo mínimo publicado cumple.",
		"fr": "%d se situe dans la tranche « %s » (%d–%d) des plages FICO habituelles. Un score plus élevé signifie un taux plus bas : les prêteurs le pèsent avec vos revenus et vos dettes. Dites-moi ce que vous voulez emprunter et je ne listerai que les offres dont le minimum publié est atteint.",
		"de": "%d liegt im Band „%s“ (%d–%d) der üblichen FICO-Bereiche. Ein höherer Score bedeutet einen niedrigeren Zins: Kreditgeber bewerten ihn zusammen mit Einkommen und Schulden. Sagen Sie mir, was Sie leihen möchten, dann zeige ich nur die Angebote, deren veröffentlichter Mindestscore erreicht ist.",
		"sv": "%d ligger i bandet ”%s” (%d–%d) i de vanliga FICO-intervallen. Ett högre betyg betyder lägre ränta: långivare väger det mot din inkomst och dina skulder. Berätta vad du vill låna så visar jag bara erbjudandena vars publicerade lägsta betyg det når.",
	},
	"shown_list": {
		"en": "These are the offers I showed you, in the order shown:",
		"es": "Estas son las ofertas que te mostré, en el orden en que aparecieron:",
		"fr": "Voici les offres que je vous ai montrées, dans l'ordre :",
		"de": "Das sind die Angebote, die ich Ihnen gezeigt habe, in dieser Reihenfolge:",
		"sv": "Det här är erbjudandena jag visade dig, i den ordningen:",
	},
	"shown_none_cheaper": {
		"en": "None of our partners' current offers costs less than what you have; the closest are the ones I showed:",
		"es": "Ninguna oferta actual de nuestros socios cuesta menos que lo que tienes; las más cercanas son las que te mostré:",
		"fr": "Aucune offre actuelle de nos partenaires ne coûte moins que ce que vous avez ; les plus proches sont celles que je vous ai montrées :",
		"de": "Kein aktuelles Angebot unserer Partner kostet weniger als Ihres; am nächsten kommen die, die ich Ihnen gezeigt habe:",
		"sv": "Inget av våra partners aktuella erbjudanden kostar mindre än det du har; närmast kommer de jag visade:",
	},
	"shown_best": {
		"en": "The offers I just showed are the ones that save you the most of all our partners' current offers, best first:",
		"es": "Las ofertas que acabo de mostrarte son las que más te ahorran de todas las ofertas actuales de nuestros socios, la mejor primero:",
		"fr": "Les offres que je viens de vous montrer sont celles qui vous font le plus économiser parmi toutes les offres actuelles de nos partenaires, la meilleure d'abord :",
		"de": "Die Angebote, die ich Ihnen eben gezeigt habe, sparen Ihnen von allen aktuellen Angeboten unserer Partner am meisten, das beste zuerst:",
		"sv": "Erbjudandena jag just visade är de som sparar mest av alla våra partners aktuella erbjudanden, det bästa först:",
	},
	"holdings_edit": {
		"en": "I can't change your saved loans and policies from the chat: you can edit or delete them on My loans & policies. Tell me new figures here and I'll compare them.",
		"es": "No puedo cambiar tus préstamos y seguros guardados desde el chat: puedes editarlos o borrarlos en «My loans & policies». Dime aquí las cifras nuevas y las compararé.",
		"fr": "Je ne peux pas modifier vos prêts et assurances enregistrés depuis le chat : vous pouvez les modifier ou les supprimer dans « My loans & policies ». Donnez-moi ici les nouveaux chiffres et je les comparerai.",
		"de": "Ihre gespeicherten Kredite und Versicherungen kann ich im Chat nicht ändern: Sie können sie unter „My loans & policies“ bearbeiten oder löschen. Nennen Sie mir hier die neuen Zahlen, dann vergleiche ich sie.",
		"sv": "Jag kan inte ändra dina sparade lån och försäkringar i chatten: du kan redigera eller ta bort dem under ”My loans & policies”. Berätta de nya siffrorna här så jämför jag dem.",
	},
	// What paying more each month does (composeExtra): the extra, the new payment, the one
	// now, the product, the months to clear it then and now, the interest saved, the interest
	// then and now.
	"extra_payment": {
		"en": "Paying %s more a month — %s instead of %s — your %s would be cleared in %d months instead of %d, and you would pay %s less in interest (%s instead of %s), if your lender charges nothing for repaying early.",
		"es": "Pagando %s más al mes (%s en vez de %s), saldarías tu %s en %d meses en vez de %d, y pagarías %s menos de intereses (%s en vez de %s), si tu entidad no cobra por amortizar antes.",
		"fr": "En payant %s de plus par mois (%s au lieu de %s), vous rembourseriez votre %s en %d mois au lieu de %d, et vous paieriez %s d'intérêts en moins (%s au lieu de %s), si votre prêteur ne facture pas le remboursement anticipé.",
		"de": "Wenn Sie %s mehr im Monat zahlen (%s statt %s), ist die Schuld (%s) in %d statt %d Monaten abbezahlt, und Sie zahlen %s weniger Zinsen (%s statt %s), sofern Ihr Kreditgeber für vorzeitige Rückzahlung nichts berechnet.",
		"sv": "Om du betalar %s mer i månaden (%s i stället för %s) är skulden (%s) avbetald på %d månader i stället för %d, och du betalar %s mindre i ränta (%s i stället för %s), om långivaren inte tar betalt för förtida återbetalning.",
	},
	// A payment asked about instead of the one made now, and less (composeWhatIf): the
	// payment, the one now, the product, the months to clear it then and now, the interest it
	// costs more, the interest then and now.
	"what_if_less": {
		"en": "Paying %s a month instead of %s, your %s would be cleared in %d months instead of %d, and cost %s more in interest (%s instead of %s).",
		"es": "Pagando %s al mes en vez de %s, saldarías tu %s en %d meses en vez de %d, y pagarías %s más de intereses (%s en vez de %s).",
		"fr": "En payant %s par mois au lieu de %s, vous rembourseriez votre %s en %d mois au lieu de %d, et vous paieriez %s d'intérêts en plus (%s au lieu de %s).",
		"de": "Wenn Sie %s statt %s im Monat zahlen, ist die Schuld (%s) in %d statt %d Monaten abbezahlt, und Sie zahlen %s mehr Zinsen (%s statt %s).",
		"sv": "Om du betalar %s i stället för %s i månaden är skulden (%s) avbetald på %d månader i stället för %d, och du betalar %s mer i ränta (%s i stället för %s).",
	},
	// The same when it takes no longer: the payments, the product, the months, the interest
	// it costs more, the interest then and now.
	"what_if_less_same": {
		"en": "Paying %s a month instead of %s, your %s would still take %d months, but cost %s more in interest (%s instead of %s).",
		"es": "Pagando %s al mes en vez de %s, seguirías pagando tu %s durante %d meses, pero pagarías %s más de intereses (%s en vez de %s).",
		"fr": "En payant %s par mois au lieu de %s, vous rembourseriez toujours votre %s en %d mois, mais vous paieriez %s d'intérêts en plus (%s au lieu de %s).",
		"de": "Wenn Sie %s statt %s im Monat zahlen, läuft die Schuld (%s) weiterhin %d Monate, aber Sie zahlen %s mehr Zinsen (%s statt %s).",
		"sv": "Om du betalar %s i stället för %s i månaden tar skulden (%s) fortfarande %d månader, men du betalar %s mer i ränta (%s i stället för %s).",
	},
	// "Can I lower my payment?" from one who pays more than the schedule (before
	// what_if_less): the product, the months left.
	"lower_to_schedule": {
		"en": "You already pay more than your %s needs to be repaid in its %d months left.",
		"es": "Ya pagas más de lo que necesita tu %s para quedar pagado en los %d meses que le quedan.",
		"fr": "Vous payez déjà plus que ce qu'il faut pour rembourser votre %s dans les %d mois restants.",
		"de": "Sie zahlen schon mehr, als nötig ist, um die Schuld (%s) in den verbleibenden %d Monaten zu tilgen.",
		"sv": "Du betalar redan mer än vad som behövs för att skulden (%s) ska vara betald på de %d månader som är kvar.",
	},
	// An amount in another currency than the comparison's: its currency's code.
	"figure_other_currency": {
		"en": "The comparison is in %s, and I don't convert between currencies: tell me the amount in %[1]s and I'll work it out.",
		"es": "La comparación está en %s y no convierto entre monedas: dime la cantidad en %[1]s y lo calculo.",
		"fr": "La comparaison est en %s, et je ne convertis pas les devises : donnez-moi le montant en %[1]s et je fais le calcul.",
		"de": "Der Vergleich ist in %s, und ich rechne keine Währungen um: Nennen Sie mir den Betrag in %[1]s, dann rechne ich es aus.",
		"sv": "Jämförelsen är i %s, och jag växlar inte mellan valutor: säg beloppet i %[1]s så räknar jag ut det.",
	},
	// Cancelling a policy shown: its name.
	"offer_cancel": {
		"en": "%s's details here don't say when you can cancel it or what that costs: ask the insurer before you switch, and keep your current policy until the new one has started.",
		"es": "Los datos de %s que tengo no dicen cuándo se puede cancelar ni cuánto cuesta hacerlo: pregúntalo a la aseguradora antes de cambiarte, y mantén tu póliza actual hasta que empiece la nueva.",
		"fr": "Les informations dont je dispose sur %s ne disent pas quand on peut le résilier ni ce que cela coûte : demandez-le à l'assureur avant de changer, et gardez votre contrat actuel jusqu'au début du nouveau.",
		"de": "Die Angaben zu %s sagen nicht, wann man kündigen kann oder was das kostet: Fragen Sie den Versicherer, bevor Sie wechseln, und behalten Sie Ihre jetzige Police, bis die neue beginnt.",
		"sv": "Uppgifterna om %s säger inte när den kan sägas upp eller vad det kostar: fråga försäkringsbolaget innan du byter, och behåll din nuvarande försäkring tills den nya har börjat gälla.",
	},
	// A choice between two terms after a search (composeTwoTerms): the offer, the amount; then
	// term_quote for each term (months, payment, total with fees), then the trade-off.
	"two_terms": {
		"en": "With %s, borrowing %s:",
		"es": "Con %s, pedir %s:",
		"fr": "Avec %s, emprunter %s :",
		"de": "Bei %s, für %s:",
		"sv": "Hos %s, att låna %s:",
	},
	"term_quote": {
		"en": "Over %d months: about %s a month, %s in total, fees included.",
		"es": "A %d meses: unos %s al mes, %s en total, comisiones incluidas.",
		"fr": "Sur %d mois : environ %s par mois, %s au total, frais compris.",
		"de": "Über %d Monate: etwa %s im Monat, %s insgesamt, Gebühren inbegriffen.",
		"sv": "På %d månader: cirka %s i månaden, %s totalt, avgifter inräknade.",
	},
	// A term asked about that the offer does not lend over: the months asked, the nearest it does.
	"term_not_offered": {
		"en": "It doesn't lend over %d months; the nearest it does is %d.",
		"es": "No presta a %d meses; el plazo más cercano que ofrece es %d.",
		"fr": "Il ne prête pas sur %d mois ; la durée la plus proche qu'il propose est %d.",
		"de": "Über %d Monate wird nicht verliehen; die nächste angebotene Laufzeit ist %d.",
		"sv": "Det lånar inte ut på %d månader; närmaste löptid som erbjuds är %d.",
	},
	"two_terms_tradeoff": {
		"en": "The longer term costs less each month and more in all. Which suits you depends on what you can comfortably pay each month; I can't say which is right for you.",
		"es": "El plazo más largo cuesta menos cada mes y más en total. Cuál te conviene depende de lo que puedas pagar cómodamente cada mes; no puedo decirte cuál es el adecuado para ti.",
		"fr": "La durée la plus longue coûte moins chaque mois et plus au total. Le bon choix dépend de ce que vous pouvez payer sans difficulté chaque mois ; je ne peux pas vous dire lequel vous convient.",
		"de": "Die längere Laufzeit kostet weniger im Monat und mehr insgesamt. Was passt, hängt davon ab, was Sie monatlich gut tragen können; ich kann Ihnen nicht sagen, was für Sie richtig ist.",
		"sv": "Den längre löptiden kostar mindre varje månad och mer totalt. Vilken som passar beror på vad du bekvämt kan betala varje månad; jag kan inte säga vilken som är rätt för dig.",
	},
	// A payment asked about for a card whose payment was assumed (composeWhatIf): the
	// payment, the product, the months and interest then; the assumed payment, its months and
	// interest.
	"what_if_assumed": {
		"en": "At %s a month your %s would be cleared in %d months, with %s of interest in all (at the %s a month I had assumed: %d months, %s).",
		"es": "Con %s al mes tu %s quedaría saldada en %d meses, con %s de intereses en total (con los %s al mes que yo había supuesto: %d meses, %s).",
		"fr": "À %s par mois, votre %s serait remboursée en %d mois, avec %s d'intérêts au total (avec les %s par mois que j'avais supposés : %d mois, %s).",
		"de": "Mit %s im Monat wäre die Schuld (%s) in %d Monaten getilgt, mit insgesamt %s Zinsen (bei den angenommenen %s im Monat: %d Monate, %s).",
		"sv": "Med %s i månaden är skulden (%s) betald på %d månader, med %s i ränta totalt (med de %s i månaden jag antog: %d månader, %s).",
	},
	// A payment too low to pay off the loan or card compared last: the payment.
	"what_if_too_low": {
		"en": "A payment of %s a month is too low to pay it off: a loan's payment has to repay it in the months it has left, and a card's has to be more than a month's interest.",
		"es": "Un pago de %s al mes es demasiado bajo para saldarlo: la cuota de un préstamo tiene que pagarlo en los meses que le quedan, y la de una tarjeta tiene que superar los intereses de un mes.",
		"fr": "Un paiement de %s par mois est trop bas pour le rembourser : la mensualité d'un prêt doit le rembourser dans les mois qui lui restent, et celle d'une carte dépasser les intérêts d'un mois.",
		"de": "Eine Zahlung von %s im Monat ist zu niedrig, um die Schuld zu tilgen: Die Rate eines Kredits muss ihn in der Restlaufzeit zurückzahlen, die einer Karte mehr als die Zinsen eines Monats betragen.",
		"sv": "En betalning på %s i månaden är för låg för att betala av det: ett låns betalning måste betala tillbaka det under tiden som är kvar, och ett korts måste vara större än en månads ränta.",
	},
	// An extra that clears the whole balance in its first month: the extra, the product, the
	// balance.
	"extra_clears": {
		"en": "Paying %s more a month would clear your %s in its first month: you owe %s on it.",
		"es": "Pagando %s más al mes saldarías tu %s en el primer mes: debes %s.",
		"fr": "En payant %s de plus par mois, vous rembourseriez votre %s dès le premier mois : il reste %s à rembourser.",
		"de": "Mit %s mehr im Monat wäre die Schuld (%s) im ersten Monat getilgt: offen sind %s.",
		"sv": "Med %s mer i månaden är skulden (%s) betald första månaden: du är skyldig %s.",
	},
	// The same when the extra clears it no sooner: the extra, the payments, the product, the
	// months, the interest saved, the interest then and now.
	"extra_payment_same": {
		"en": "Paying %s more a month — %s instead of %s — your %s would still take %d months, but you would pay %s less in interest (%s instead of %s).",
		"es": "Pagando %s más al mes (%s en vez de %s), seguirías pagando tu %s durante %d meses, pero pagarías %s menos de intereses (%s en vez de %s).",
		"fr": "En payant %s de plus par mois (%s au lieu de %s), vous rembourseriez toujours votre %s en %d mois, mais vous paieriez %s d'intérêts en moins (%s au lieu de %s).",
		"de": "Wenn Sie %s mehr im Monat zahlen (%s statt %s), läuft die Schuld (%s) weiterhin %d Monate, aber Sie zahlen %s weniger Zinsen (%s statt %s).",
		"sv": "Om du betalar %s mer i månaden (%s i stället för %s) tar skulden (%s) fortfarande %d månader, men du betalar %s mindre i ränta (%s i stället för %s).",
	},
	// The person's own loan or card (composeOwn): the product, its payment, what the payment
	// is (own_basis_*), the months to clear it and the interest in them.
	"own_cost": {
		"en": "Your %s costs %s a month (%s); at that payment it is cleared in %d months, with %s of interest in all.",
		"es": "Tu %s cuesta %s al mes (%s); con ese pago se salda en %d meses, con %s de intereses en total.",
		"fr": "Votre %s coûte %s par mois (%s) ; à ce rythme, le solde est remboursé en %d mois, avec %s d'intérêts au total.",
		"de": "%s: %s im Monat (%s); bei dieser Rate ist die Schuld in %d Monaten abbezahlt, mit insgesamt %s Zinsen.",
		"sv": "Ditt %s kostar %s i månaden (%s); med den betalningen är det avbetalt på %d månader, med %s i ränta totalt.",
	},
	"own_basis_stated":   {"en": "the payment you gave", "es": "el pago que me diste", "fr": "le paiement que vous m'avez donné", "de": "die Rate, die Sie genannt haben", "sv": "betalningen du angav"},
	"own_basis_schedule": {"en": "the scheduled payment for that balance, rate and term", "es": "la cuota que corresponde a ese saldo, tipo y plazo", "fr": "la mensualité prévue pour ce capital, ce taux et cette durée", "de": "die planmäßige Rate für diese Restschuld, diesen Zins und diese Laufzeit", "sv": "den planenliga betalningen för den skulden, räntan och löptiden"},
	"own_basis_assumed":  {"en": "I assumed 3% of the balance, at least enough to pay it off; tell me what you pay and I'll use that", "es": "he supuesto un 3 % del saldo, como mínimo lo bastante para saldarla; dime cuánto pagas y lo usaré", "fr": "j'ai supposé 3 % du solde, au moins assez pour la rembourser ; dites-moi combien vous payez et je l'utiliserai", "de": "ich habe 3 % des Saldos angenommen, mindestens so viel, dass er getilgt wird; nennen Sie mir Ihre Rate, dann rechne ich damit", "sv": "jag antog 3 % av skulden, minst så mycket att den betalas av; säg vad du betalar så använder jag det"},
	// What the saved loans and cards add up to (composeDebt): how many, what is owed, what
	// they cost a month.
	"debt_total": {
		"en": "Your saved loans and cards (%d) add up to %s owed, and cost %s a month between them.",
		"es": "Tus préstamos y tarjetas guardados (%d) suman %s de deuda y cuestan %s al mes en total.",
		"fr": "Vos prêts et cartes enregistrés (%d) représentent %s de dette, pour %s par mois au total.",
		"de": "Ihre gespeicherten Kredite und Karten (%d) ergeben zusammen %s Schulden und kosten %s im Monat.",
		"sv": "Dina sparade lån och kort (%d) uppgår till %s i skuld och kostar %s i månaden tillsammans.",
	},
	"debt_assumed": {
		"en": "For a card with no payment saved I assumed 3% of its balance, at least enough to pay it off.",
		"es": "Para una tarjeta sin pago guardado he supuesto un 3 % del saldo, como mínimo lo bastante para saldarla.",
		"fr": "Pour une carte sans paiement enregistré, j'ai supposé 3 % du solde, au moins assez pour la rembourser.",
		"de": "Für eine Karte ohne gespeicherte Rate habe ich 3 % des Saldos angenommen, mindestens so viel, dass er getilgt wird.",
		"sv": "För ett kort utan sparad betalning antog jag 3 % av skulden, minst så mycket att den betalas av.",
	},
	"debt_none": {
		"en": "You have no loans or cards saved on My loans & policies. Add them there, or tell me about one here and I'll compare it.",
		"es": "No tienes préstamos ni tarjetas guardados en «My loans & policies». Añádelos allí, o háblame de uno aquí y lo compararé.",
		"fr": "Vous n'avez aucun prêt ni carte enregistré dans « My loans & policies ». Ajoutez-les là, ou parlez-m'en ici et je les comparerai.",
		"de": "Sie haben unter „My loans & policies“ keine Kredite oder Karten gespeichert. Fügen Sie sie dort hinzu, oder nennen Sie mir hier einen, dann vergleiche ich ihn.",
		"sv": "Du har inga lån eller kort sparade under ”My loans & policies”. Lägg till dem där, eller berätta om ett här så jämför jag det.",
	},
	// Which shown offers charge no fee (composeNoFee): the offers' titles.
	"shown_no_fee": {
		"en": "With no fee to take out: %s.",
		"es": "Sin comisión de apertura: %s.",
		"fr": "Sans frais de dossier : %s.",
		"de": "Ohne Abschlussgebühr: %s.",
		"sv": "Utan uppläggningsavgift: %s.",
	},
	"shown_all_fees": {
		"en": "Each of the offers I showed charges a fee to take out: %s.",
		"es": "Todas las ofertas que te mostré cobran una comisión de apertura: %s.",
		"fr": "Chacune des offres que je vous ai montrées a des frais de dossier : %s.",
		"de": "Jedes der gezeigten Angebote hat eine Abschlussgebühr: %s.",
		"sv": "Vart och ett av erbjudandena jag visade har en uppläggningsavgift: %s.",
	},
	// A payment below what the loan needs (composeLower): the payment, the product, the
	// months left; then offer_term_saves or offer_term_costs, or lower_none.
	"lower_than_schedule": {
		"en": "At %s a month your %s would not be repaid in the %d months left: a lower payment means a longer loan.",
		"es": "Con %s al mes tu %s no quedaría pagado en los %d meses que quedan: pagar menos al mes supone un préstamo más largo.",
		"fr": "À %s par mois, votre %s ne serait pas remboursé dans les %d mois restants : payer moins chaque mois suppose un prêt plus long.",
		"de": "Mit %s im Monat wäre die Schuld (%s) in den verbleibenden %d Monaten nicht getilgt: eine niedrigere Rate bedeutet einen längeren Kredit.",
		"sv": "Med %s i månaden blir skulden (%s) inte betald på de %d månader som är kvar: en lägre betalning kräver ett längre lån.",
	},
	// None of the terms shown goes that low: the payment, the offer, its lowest payment, its
	// months.
	"lower_none": {
		"en": "None of the offers I showed goes as low as %s a month; the lowest is %s at %s a month over %d months.",
		"es": "Ninguna de las ofertas que te mostré baja hasta %s al mes; la más baja es %s, con %s al mes a %d meses.",
		"fr": "Aucune des offres que je vous ai montrées ne descend à %s par mois ; la plus basse est %s, à %s par mois sur %d mois.",
		"de": "Keines der gezeigten Angebote kommt auf %s im Monat; am niedrigsten ist %s mit %s im Monat über %d Monate.",
		"sv": "Inget av erbjudandena jag visade kommer ner till %s i månaden; lägst är %s med %s i månaden över %d månader.",
	},
	// The lowest payment among the offers shown (composeLowest), before offer_term_saves or
	// offer_term_costs.
	"lowest_payment": {
		"en": "The lowest monthly payment among the offers I showed:",
		"es": "La cuota mensual más baja entre las ofertas que te mostré:",
		"fr": "La mensualité la plus basse parmi les offres que je vous ai montrées :",
		"de": "Die niedrigste Monatsrate unter den gezeigten Angeboten:",
		"sv": "Den lägsta månadsbetalningen bland erbjudandena jag visade:",
	},
	"shown_no_saving":  {"en": "would not save you money", "es": "no te ahorraría dinero", "fr": "ne vous ferait pas économiser", "de": "würde Ihnen nichts sparen", "sv": "skulle inte spara pengar"},
	"shown_saves_year": {"en": "saves %s a year", "es": "ahorra %s al año", "fr": "économise %s par an", "de": "spart %s im Jahr", "sv": "sparar %s per år"},
	"shown_saves":      {"en": "saves %s in total", "es": "ahorra %s en total", "fr": "économise %s au total", "de": "spart insgesamt %s", "sv": "sparar %s totalt"},
	"rate_check_low": {
		"en": "%s is no higher than the lowest representative APR our partners publish for a %s, %s (%s from %s): a good rate by that measure. Tell me your balance and months left and I'll check whether any offer would still save you money, fees included.",
		"es": "%s no supera la TAE representativa más baja que publican nuestros socios en «%s», %s (%s de %s): un buen tipo según esa medida. Dime el saldo y los meses que quedan y comprobaré si alguna oferta te ahorraría dinero, comisiones incluidas.",
		"fr": "%s ne dépasse pas le TAEG représentatif le plus bas que nos partenaires publient pour « %s », %s (%s de %s) : un bon taux à cette aune. Donnez-moi le solde et les mois restants et je vérifierai si une offre vous ferait encore économiser, frais compris.",
		"de": "%s liegt nicht über dem niedrigsten repräsentativen effektiven Jahreszins, den unsere Partner für %s veröffentlichen, %s (%s von %s): nach diesem Maßstab ein guter Zins. Nennen Sie mir Saldo und Restlaufzeit, dann prüfe ich, ob ein Angebot trotzdem spart, Gebühren eingerechnet.",
		"sv": "%s är inte högre än den lägsta representativa effektiva räntan våra partner publicerar för %s, %s (%s från %s): en bra ränta med det måttet. Berätta skulden och hur många månader som är kvar så kontrollerar jag om något erbjudande ändå skulle spara pengar, avgifter inräknade.",
	},
	// After rate_check_low or _high, less its last sentence, for a loan compared already.
	"rate_check_compared": {
		"en": "The comparison I just showed works out what switching would save, fees included.",
		"es": "La comparación que te acabo de mostrar calcula lo que ahorrarías al cambiar, comisiones incluidas.",
		"fr": "La comparaison que je viens de vous montrer calcule ce qu'un changement vous ferait économiser, frais compris.",
		"de": "Der Vergleich, den ich gerade gezeigt habe, rechnet aus, was ein Wechsel spart, Gebühren eingerechnet.",
		"sv": "Jämförelsen jag just visade räknar ut vad ett byte skulle spara, avgifter inräknade.",
	},
	"rate_check_high": {
		"en": "Our partners' %s offers start at a representative APR of %s (%s from %s), below your %s. The rate you'd get depends on your credit. Tell me your balance and months left and I'll work out what switching would save, fees included.",
		"es": "Las ofertas de «%s» de nuestros socios empiezan en una TAE representativa del %s (%s de %s), por debajo de tu %s. El tipo que te darían depende de tu crédito. Dime el saldo y los meses que quedan y calcularé lo que ahorrarías al cambiar, comisiones incluidas.",
		"fr": "Les offres « %s » de nos partenaires commencent à un TAEG représentatif de %s (%s de %s), en dessous de votre %s. Le taux obtenu dépend de votre crédit. Donnez-moi le solde et les mois restants et je calculerai ce qu'un changement vous ferait économiser, frais compris.",
		"de": "Die Angebote unserer Partner für %s beginnen bei einem repräsentativen effektiven Jahreszins von %s (%s von %s), unter Ihren %s. Welcher Zins für Sie gilt, hängt von Ihrer Bonität ab. Nennen Sie mir Saldo und Restlaufzeit, dann rechne ich aus, was ein Wechsel spart, Gebühren eingerechnet.",
		"sv": "Våra partners erbjudanden för %s börjar på en representativ effektiv ränta på %s (%s från %s), under dina %s. Vilken ränta du får beror på din kreditvärdighet. Berätta skulden och hur många månader som är kvar så räknar jag ut vad ett byte skulle spara, avgifter inräknade.",
	},
	"carry_on": {
		"en": "All right, I'll carry on helping here. What would you like to do — compare a loan or policy, look at offers, or ask about a term?",
		"es": "De acuerdo, sigo ayudándote yo. ¿Qué te gustaría hacer: comparar un préstamo o un seguro, ver ofertas o preguntar por un término?",
		"fr": "Très bien, je continue de vous aider. Que voulez-vous faire : comparer un prêt ou une assurance, voir des offres ou poser une question sur un terme ?",
		"de": "In Ordnung, ich helfe Ihnen weiter. Was möchten Sie tun: einen Kredit oder eine Versicherung vergleichen, Angebote ansehen oder einen Begriff erklärt bekommen?",
		"sv": "Okej, jag fortsätter hjälpa dig här. Vad vill du göra: jämföra ett lån eller en försäkring, titta på erbjudanden eller fråga om ett begrepp?",
	},
	"fallback_note": {
		"en": "Our assistant is having trouble right now. Shall I connect you with a person?",
		"es": "Nuestro asistente tiene problemas en este momento. ¿Quieres que te ponga en contacto con una persona?",
		"fr": "Notre assistant rencontre des difficultés en ce moment. Voulez-vous que je vous mette en relation avec un conseiller ?",
		"de": "Unser Assistent hat gerade Probleme. Soll ich Sie mit einem Menschen verbinden?",
		"sv": "Vår assistent har problem just nu. Vill du att jag kopplar dig till en människa?",
	},
	// ask: %s is what was understood ("your car loan of $18,000 over 48 months"), %s what is
	// missing.
	"ask_understood": {
		"en": "I have %s — %s",
		"es": "Tengo %s: %s",
		"fr": "J'ai noté %s : %s",
		"de": "Ich habe %s notiert: %s",
		"sv": "Jag har %s: %s",
	},
	"ask_rate":    {"en": "what rate are you paying?", "es": "¿qué tipo de interés pagas?", "fr": "quel taux payez-vous ?", "de": "welchen Zinssatz zahlen Sie?", "sv": "vilken ränta betalar du?"},
	"ask_amount":  {"en": "how much do you still owe on it?", "es": "¿cuánto debes todavía?", "fr": "combien devez-vous encore ?", "de": "wie viel schulden Sie noch?", "sv": "hur mycket är kvar att betala?"},
	"ask_term":    {"en": "how many months are left on it?", "es": "¿cuántos meses le quedan?", "fr": "combien de mois reste-t-il ?", "de": "wie viele Monate läuft er noch?", "sv": "hur många månader är kvar?"},
	"ask_premium": {"en": "how much do you pay for it, and is that a month or a year?", "es": "¿cuánto pagas por él, al mes o al año?", "fr": "combien la payez-vous, par mois ou par an ?", "de": "wie viel zahlen Sie dafür, im Monat oder im Jahr?", "sv": "hur mycket betalar du för den, per månad eller per år?"},
	"ask_product": {"en": "is it a car loan, a personal loan, a mortgage, a student loan or a credit card?", "es": "¿es un préstamo de coche, un préstamo personal, una hipoteca, un préstamo de estudios o una tarjeta de crédito?", "fr": "s'agit-il d'un crédit auto, d'un prêt personnel, d'un prêt immobilier, d'un prêt étudiant ou d'une carte de crédit ?", "de": "ist es ein Autokredit, ein Privatkredit, eine Baufinanzierung, ein Studienkredit oder eine Kreditkarte?", "sv": "är det ett billån, ett privatlån, ett bolån, ett studielån eller ett kreditkort?"},
	"ask_several": {
		"en": "Tell me %s, and I'll compare it with our partners' offers — for example \"" + strings.ReplaceAll(ExamplePhrase, "%", "%%") + "\".",
		"es": "Dime %s y lo compararé con las ofertas de nuestros socios.",
		"fr": "Indiquez-moi %s et je le comparerai aux offres de nos partenaires.",
		"de": "Nennen Sie mir %s, und ich vergleiche ihn mit den Angeboten unserer Partner.",
		"sv": "Berätta %s så jämför jag med våra partners erbjudanden.",
	},
	"what_loan":      {"en": "its balance, interest rate and months left", "es": "el saldo, el tipo de interés y los meses que quedan", "fr": "le capital restant, le taux et les mois restants", "de": "Restschuld, Zinssatz und Restlaufzeit", "sv": "skulden, räntan och månaderna som är kvar"},
	"what_card":      {"en": "its balance and interest rate", "es": "el saldo y el tipo de interés", "fr": "le solde et le taux", "de": "den Saldo und den Zinssatz", "sv": "skulden och räntan"},
	"what_insurance": {"en": "what you pay for it and whether that is a month or a year", "es": "cuánto pagas y si es al mes o al año", "fr": "ce que vous payez et si c'est par mois ou par an", "de": "was Sie dafür zahlen und ob im Monat oder im Jahr", "sv": "vad du betalar och om det är per månad eller per år"},
	"which_insurance": {
		"en": "I don't see a saved policy. Which insurance is it — car, home, renters, life or travel? Tell me what you pay for it and whether that is a month or a year, and I'll compare it with our partners' offers.",
		"es": "No veo ninguna póliza guardada. ¿Qué seguro es: de coche, de hogar, de inquilino, de vida o de viaje? Dime cuánto pagas y si es al mes o al año, y lo compararé con las ofertas de nuestros socios.",
		"fr": "Je ne vois pas de contrat enregistré. De quelle assurance s'agit-il : auto, habitation, locataire, vie ou voyage ? Indiquez-moi ce que vous payez et si c'est par mois ou par an, et je la comparerai aux offres de nos partenaires.",
		"de": "Ich sehe keinen gespeicherten Vertrag. Um welche Versicherung geht es – Kfz, Wohngebäude, Hausrat, Leben oder Reise? Nennen Sie mir, was Sie zahlen und ob im Monat oder im Jahr, und ich vergleiche sie mit den Angeboten unserer Partner.",
		"sv": "Jag ser ingen sparad försäkring. Vilken försäkring gäller det – bil, hem, hyresgäst, liv eller resa? Berätta vad du betalar och om det är per månad eller per år, så jämför jag med våra partners erbjudanden.",
	},
	"no_saved": {
		"en": "I don't see a saved %s. ",
		"es": "No veo ningún %s guardado. ",
		"fr": "Je ne vois pas de %s enregistré. ",
		"de": "Ich sehe keinen gespeicherten Vertrag (%s). ",
		"sv": "Jag ser inget sparat %s. ",
	},
	"your":        {"en": "your %s", "es": "tu %s", "fr": "votre %s", "de": "Ihr %s", "sv": "ditt %s"},
	"of_amount":   {"en": "of %s", "es": "de %s", "fr": "de %s", "de": "über %s", "sv": "på %s"},
	"at_rate":     {"en": "at %s", "es": "al %s", "fr": "à %s", "de": "zu %s", "sv": "till %s"},
	"months_left": {"en": "over %d months", "es": "a %d meses", "fr": "sur %d mois", "de": "mit %d Monaten Restlaufzeit", "sv": "på %d månader"},
	"premium_per": {"en": "at %s %s", "es": "a %s %s", "fr": "à %s %s", "de": "für %s %s", "sv": "för %s %s"},
	"a_year":      {"en": "a year", "es": "al año", "fr": "par an", "de": "im Jahr", "sv": "per år"},
	"a_month":     {"en": "a month", "es": "al mes", "fr": "par mois", "de": "im Monat", "sv": "per månad"},
	"a_quarter":   {"en": "a quarter", "es": "al trimestre", "fr": "par trimestre", "de": "im Quartal", "sv": "per kvartal"},
	"a_loan":      {"en": "loan", "es": "préstamo", "fr": "prêt", "de": "Kredit", "sv": "lån"},
	"and":         {"en": "and", "es": "y", "fr": "et", "de": "und", "sv": "och"},

	// Disclosures.
	"disclosure": {
		"en": Disclosure,
		"es": "Ratewise recibe un pago de sus socios cuando contratas una de sus ofertas; ordenamos las ofertas por lo que ahorras, no por lo que nos pagan.",
		"fr": "Ratewise est rémunéré par ses partenaires lorsque vous souscrivez une de leurs offres ; nous classons les offres selon ce que vous économisez, pas selon ce que nous touchons.",
		"de": "Ratewise wird von seinen Partnern bezahlt, wenn Sie eines ihrer Angebote annehmen; wir ordnen die Angebote nach Ihrer Ersparnis, nicht nach unserer Vergütung.",
		"sv": "Ratewise får betalt av sina partner när du tar ett av deras erbjudanden; vi rangordnar erbjudandena efter vad du sparar, inte efter vad vi får betalt.",
	},
	"no_approval": {
		"en": NoApproval,
		"es": "Esto no es una oferta de crédito ni de seguro: el prestamista o la aseguradora decide la aprobación y tu tipo final tras sus propias comprobaciones.",
		"fr": "Ceci n'est pas une offre de crédit ni d'assurance : le prêteur ou l'assureur décide de l'accord et de votre taux final après ses propres vérifications.",
		"de": "Dies ist kein Kredit- oder Versicherungsangebot: Der Kreditgeber oder Versicherer entscheidet nach eigener Prüfung über die Zusage und Ihren endgültigen Zinssatz.",
		"sv": "Detta är inget erbjudande om kredit eller försäkring: långivaren eller försäkringsbolaget beslutar om godkännande och din slutliga ränta efter egna kontroller.",
	},
	"rep_example": {"en": "Representative example: %s", "es": "Ejemplo representativo (del socio, en su idioma): %s", "fr": "Exemple représentatif (du partenaire, dans sa langue) : %s", "de": "Repräsentatives Beispiel (des Partners, in seiner Sprache): %s", "sv": "Representativt exempel (från partnern, på dess språk): %s"},
	"rep_apr":     {"en": "representative APR %s", "es": "TAE representativa %s", "fr": "TAEG représentatif %s", "de": "repräsentativer effektiver Jahreszins %s", "sv": "representativ effektiv ränta %s"},

	// Comparisons, in short lines: the first sentence says what matters.
	"headline_saving": {
		"en": "You could save %s with %s.",
		"es": "Podrías ahorrar %s con %s.",
		"fr": "Vous pourriez économiser %s avec %s.",
		"de": "Sie könnten mit %[2]s %[1]s sparen.",
		"sv": "Du kan spara %s med %s.",
	},
	"headline_catch": {
		"en": "The catch: %s.",
		"es": "La pega: %s.",
		"fr": "Le piège : %s.",
		"de": "Der Haken: %s.",
		"sv": "Haken: %s.",
	},
	"headline_none": {
		"en": "None of our partners' current offers would save you money on it, so keeping it looks sensible for now.",
		"es": "Ninguna oferta actual de nuestros socios te ahorraría dinero, así que mantenerlo parece razonable por ahora.",
		"fr": "Aucune offre actuelle de nos partenaires ne vous ferait économiser, le garder semble donc raisonnable pour l'instant.",
		"de": "Keines der aktuellen Angebote unserer Partner würde Ihnen Geld sparen; ihn zu behalten ist im Moment vernünftig.",
		"sv": "Inget av våra partners nuvarande erbjudanden skulle spara dig pengar, så att behålla det verkar klokt just nu.",
	},
	"headline_pay_less": {
		"en": "You already pay less than every offer we have: %s a year, against %s for the cheapest (%s).",
		"es": "Ya pagas menos que cualquier oferta que tenemos: %s al año, frente a %s de la más barata (%s).",
		"fr": "Vous payez déjà moins que toutes nos offres : %s par an, contre %s pour la moins chère (%s).",
		"de": "Sie zahlen schon weniger als jedes unserer Angebote: %s im Jahr, gegenüber %s beim günstigsten (%s).",
		"sv": "Du betalar redan mindre än alla våra erbjudanden: %s per år, mot %s för det billigaste (%s).",
	},
	"line_current_loan": {
		"en": "Now: %s at %s with %d months left, %s a month.",
		"es": "Ahora: %s al %s con %d meses restantes, %s al mes.",
		"fr": "Aujourd'hui : %s à %s sur %d mois restants, %s par mois.",
		"de": "Jetzt: %s zu %s bei %d Monaten Restlaufzeit, %s im Monat.",
		"sv": "Nu: %s till %s med %d månader kvar, %s per månad.",
	},
	"line_current_card": {
		"en": "Now: %s at %s, %s a month, cleared in %d months.",
		"es": "Ahora: %s al %s, %s al mes, saldado en %d meses.",
		"fr": "Aujourd'hui : %s à %s, %s par mois, soldé en %d mois.",
		"de": "Jetzt: %s zu %s, %s im Monat, getilgt in %d Monaten.",
		"sv": "Nu: %s till %s, %s per månad, betalt på %d månader.",
	},
	"line_current_insurance": {
		"en": "Now: %s a year.",
		"es": "Ahora: %s al año.",
		"fr": "Aujourd'hui : %s par an.",
		"de": "Jetzt: %s im Jahr.",
		"sv": "Nu: %s per år.",
	},
	"line_offer_loan": {
		"en": "%s: %s APR (%s), about %s a month.",
		"es": "%s: TAE %s (%s), unos %s al mes.",
		"fr": "%s : TAEG %s (%s), environ %s par mois.",
		"de": "%s: effektiver Jahreszins %s (%s), etwa %s im Monat.",
		"sv": "%s: effektiv ränta %s (%s), cirka %s per månad.",
	},
	"line_offer_insurance": {
		"en": "%s: %s a year.",
		"es": "%s: %s al año.",
		"fr": "%s : %s par an.",
		"de": "%s: %s im Jahr.",
		"sv": "%s: %s per år.",
	},
	"line_offer_transfer": {
		"en": "%s: %s for %d months, then %s (%s); transfer fee %s.",
		"es": "%s: %s durante %d meses, después %s (%s); comisión de transferencia %s.",
		"fr": "%s : %s pendant %d mois, puis %s (%s) ; frais de transfert %s.",
		"de": "%s: %s für %d Monate, danach %s (%s); Übertragungsgebühr %s.",
		"sv": "%s: %s i %d månader, sedan %s (%s); överföringsavgift %s.",
	},
	// A loan costed at the person's own payment (line_cleared): the payment, the months to
	// clear it with the offer, and now.
	"line_cleared": {
		"en": "Paying the same %s a month, it is cleared in %d months instead of %d.",
		"es": "Pagando los mismos %s al mes, se salda en %d meses en vez de %d.",
		"fr": "En payant les mêmes %s par mois, le solde est remboursé en %d mois au lieu de %d.",
		"de": "Bei gleicher Rate von %s im Monat ist die Schuld in %d statt %d Monaten getilgt.",
		"sv": "Med samma %s i månaden är skulden betald på %d månader i stället för %d.",
	},
	"line_saving": {
		"en": "Saving: %s in total, fees included.",
		"es": "Ahorro: %s en total, comisiones incluidas.",
		"fr": "Économie : %s au total, frais compris.",
		"de": "Ersparnis: %s insgesamt, Gebühren eingerechnet.",
		"sv": "Besparing: %s totalt, avgifter inräknade.",
	},
	"line_fee": {
		"en": "Fee: %s, paid back by month %d.",
		"es": "Comisión: %s, recuperada en el mes %d.",
		"fr": "Frais : %s, remboursés au mois %d.",
		"de": "Gebühr: %s, ab Monat %d wieder eingespart.",
		"sv": "Avgift: %s, intjänad till månad %d.",
	},
	"line_rate_range": {
		"en": "Your rate depends on your credit: %s to %s APR. Tell me your credit score and I'll show yours.",
		"es": "Tu tipo depende de tu perfil crediticio: del %s al %s TAE. Dime tu puntuación de crédito y te mostraré el tuyo.",
		"fr": "Votre taux dépend de votre dossier de crédit : de %s à %s TAEG. Donnez-moi votre score de crédit et je vous montrerai le vôtre.",
		"de": "Ihr Zinssatz hängt von Ihrer Bonität ab: %s bis %s effektiv. Nennen Sie mir Ihren Kreditscore, dann zeige ich Ihren.",
		"sv": "Din ränta beror på din kreditvärdighet: %s till %s effektiv ränta. Berätta ditt kreditbetyg så visar jag din.",
	},
	"line_cards": {
		"en": "The cards below show the best %d side by side.",
		"es": "Las tarjetas de abajo muestran las %d mejores una al lado de otra.",
		"fr": "Les cartes ci-dessous montrent les %d meilleures côte à côte.",
		"de": "Die Karten unten zeigen die besten %d nebeneinander.",
		"sv": "Korten nedan visar de %d bästa sida vid sida.",
	},
	"catch_fee":        {"en": "a fee of %s", "es": "una comisión de %s", "fr": "des frais de %s", "de": "eine Gebühr von %s", "sv": "en avgift på %s"},
	"catch_revert":     {"en": "the rate rises to %s after %d months", "es": "el tipo sube al %s tras %d meses", "fr": "le taux passe à %s après %d mois", "de": "der Zinssatz steigt nach %[2]d Monaten auf %[1]s", "sv": "räntan stiger till %s efter %d månader"},
	"catch_deductible": {"en": "a deductible of %s", "es": "una franquicia de %s", "fr": "une franchise de %s", "de": "eine Selbstbeteiligung von %s", "sv": "en självrisk på %s"},
	"catch_credit":     {"en": "the rate depends on your credit", "es": "el tipo depende de tu perfil crediticio", "fr": "le taux dépend de votre dossier de crédit", "de": "der Zinssatz hängt von Ihrer Bonität ab", "sv": "räntan beror på din kreditvärdighet"},
	"catch_cover":      {"en": "check the cover: %s", "es": "revisa la cobertura: %s", "fr": "vérifiez la couverture : %s", "de": "prüfen Sie den Schutz: %s", "sv": "kontrollera skyddet: %s"},
	"catch_penalty":    {"en": "a prepayment penalty of %s of what you repay early", "es": "una penalización por amortización anticipada del %s de lo que devuelvas antes", "fr": "une pénalité de remboursement anticipé de %s du montant remboursé", "de": "eine Vorfälligkeitsgebühr von %s des vorzeitig getilgten Betrags", "sv": "en avgift vid förtida återbetalning på %s av det du betalar i förtid"},

	// Several holdings compared.
	"saved_headline": {
		"en": "I compared your %d saved loans and policies with our partners' offers.",
		"es": "He comparado tus %d préstamos y seguros guardados con las ofertas de nuestros socios.",
		"fr": "J'ai comparé vos %d prêts et assurances enregistrés aux offres de nos partenaires.",
		"de": "Ich habe Ihre %d gespeicherten Kredite und Versicherungen mit den Angeboten unserer Partner verglichen.",
		"sv": "Jag har jämfört dina %d sparade lån och försäkringar med våra partners erbjudanden.",
	},
	"saved_line_saving": {
		"en": "Your %s with %s: save %s with %s.",
		"es": "Tu %s con %s: ahorra %s con %s.",
		"fr": "Votre %s chez %s : économisez %s avec %s.",
		"de": "Ihr %s bei %s: %s sparen mit %s.",
		"sv": "Ditt %s hos %s: spara %s med %s.",
	},
	"saved_line_none": {
		"en": "Your %s with %s: nothing cheaper right now.",
		"es": "Tu %s con %s: nada más barato por ahora.",
		"fr": "Votre %s chez %s : rien de moins cher pour l'instant.",
		"de": "Ihr %s bei %s: derzeit nichts Günstigeres.",
		"sv": "Ditt %s hos %s: inget billigare just nu.",
	},
	"saved_none": {
		"en": "You have no saved loans or policies yet. Add them on My loans & policies, or tell me one's balance, interest rate and months left here — for example \"" + ExamplePhrase + "\".",
		"es": "Todavía no tienes préstamos ni seguros guardados. Añádelos en tus productos o dime aquí las cifras (saldo, tipo y meses restantes).",
		"fr": "Vous n'avez encore enregistré aucun prêt ni assurance. Ajoutez-les dans vos produits ou donnez-moi les chiffres ici (capital restant, taux et mois restants).",
		"de": "Sie haben noch keine Kredite oder Versicherungen gespeichert. Fügen Sie sie hinzu oder nennen Sie mir hier die Zahlen (Restschuld, Zinssatz, Restlaufzeit).",
		"sv": "Du har inga sparade lån eller försäkringar än. Lägg till dem eller berätta siffrorna här (skuld, ränta och månader kvar).",
	},

	// A company's own hotline, asked for by its name (a partner's or not: the assistant does
	// not say which).
	"partner_line": {
		"en": "I don't have that company's own customer service number: you'll find it on its website or on the documents it sent you. I can show you our partners' offers or compare them with your loan, or connect you with one of our people.",
		"es": "No tengo el número de atención al cliente de esa empresa: lo encontrarás en su web o en los documentos que te envió. Puedo mostrarte las ofertas de nuestros socios o compararlas con tu préstamo, o ponerte con una persona de nuestro equipo.",
		"fr": "Je n'ai pas le numéro du service client de cette entreprise : vous le trouverez sur son site ou sur les documents qu'elle vous a envoyés. Je peux vous montrer les offres de nos partenaires ou les comparer à votre prêt, ou vous mettre en relation avec une personne de notre équipe.",
		"de": "Die Kundenservice-Nummer dieses Unternehmens habe ich nicht: Sie finden sie auf dessen Website oder in den Unterlagen, die es Ihnen geschickt hat. Ich kann Ihnen die Angebote unserer Partner zeigen oder mit Ihrem Kredit vergleichen oder Sie mit einer Person aus unserem Team verbinden.",
		"sv": "Jag har inte det företagets eget kundtjänstnummer: du hittar det på dess webbplats eller i papperen det skickat dig. Jag kan visa våra partners erbjudanden eller jämföra dem med ditt lån, eller koppla dig till en person i vårt team.",
	},

	// A shown offer's monthly payment, as the comparison worked it out for the user's loan.
	"offer_payment": {
		"en": "With %s you would pay about %s a month, %s less than now. That is at the rate the comparison used; the rate you get depends on the lender's checks.",
		"es": "Con %s pagarías unos %s al mes, %s menos que ahora. Es con el tipo que usó la comparación; el que te den depende de las comprobaciones del prestamista.",
		"fr": "Avec %s, vous paieriez environ %s par mois, soit %s de moins qu'aujourd'hui. C'est au taux utilisé par la comparaison ; le vôtre dépendra des vérifications du prêteur.",
		"de": "Mit %s zahlen Sie etwa %s im Monat, %s weniger als jetzt. Das gilt zum Zinssatz des Vergleichs; Ihr eigener hängt von der Prüfung des Kreditgebers ab.",
		"sv": "Med %s skulle du betala ungefär %s i månaden, %s mindre än nu. Det är med räntan jämförelsen använde; din egen beror på långivarens prövning.",
	},
	"offer_payment_more": {
		"en": "With %s you would pay about %s a month, %s more than now. That is at the rate the comparison used; the rate you get depends on the lender's checks.",
		"es": "Con %s pagarías unos %s al mes, %s más que ahora. Es con el tipo que usó la comparación; el que te den depende de las comprobaciones del prestamista.",
		"fr": "Avec %s, vous paieriez environ %s par mois, soit %s de plus qu'aujourd'hui. C'est au taux utilisé par la comparaison ; le vôtre dépendra des vérifications du prêteur.",
		"de": "Mit %s zahlen Sie etwa %s im Monat, %s mehr als jetzt. Das gilt zum Zinssatz des Vergleichs; Ihr eigener hängt von der Prüfung des Kreditgebers ab.",
		"sv": "Med %s skulle du betala ungefär %s i månaden, %s mer än nu. Det är med räntan jämförelsen använde; din egen beror på långivarens prövning.",
	},
	// A payment a search worked out for the amount asked (Title, amount, months, payment).
	"search_total": {
		"en": "With %s, borrowing %s over %d months would cost about %s in total, fees included (%s a month), at its representative rate; the rate you get depends on the lender's checks.",
		"es": "Con %s, pedir %s a %d meses costaría unos %s en total, comisiones incluidas (%s al mes), con su tipo representativo; el tipo que te den depende de las comprobaciones del prestamista.",
		"fr": "Avec %s, emprunter %s sur %d mois coûterait environ %s au total, frais compris (%s par mois), à son taux représentatif ; le taux que vous obtiendrez dépend des vérifications du prêteur.",
		"de": "Mit %s würde ein Kredit über %s auf %d Monate insgesamt etwa %s kosten, Gebühren eingerechnet (%s im Monat), zum repräsentativen Zinssatz; Ihr Zinssatz hängt von der Prüfung des Kreditgebers ab.",
		"sv": "Med %s skulle ett lån på %s över %d månader kosta ungefär %s totalt, avgifter inräknade (%s i månaden), till den representativa räntan; räntan du får beror på långivarens prövning.",
	},
	"search_payment": {
		"en": "With %s, borrowing %s over %d months would cost about %s a month at its representative rate; the rate you get depends on the lender's checks.",
		"es": "Con %s, pedir %s a %d meses costaría unos %s al mes con su tipo representativo; el tipo que te den depende de las comprobaciones del prestamista.",
		"fr": "Avec %s, emprunter %s sur %d mois coûterait environ %s par mois à son taux représentatif ; le taux que vous obtiendrez dépend des vérifications du prêteur.",
		"de": "Mit %s würde ein Kredit über %s auf %d Monate etwa %s im Monat kosten, zum repräsentativen Zinssatz; Ihr Zinssatz hängt von der Prüfung des Kreditgebers ab.",
		"sv": "Med %s skulle ett lån på %s över %d månader kosta ungefär %s i månaden till den representativa räntan; räntan du får beror på långivarens prövning.",
	},
	// A shown offer over another term the comparison priced (months, Title, payment, total).
	"offer_term_saves": {
		"en": "Over %d months, %s would cost you about %s a month and save you %s in total, fees included, compared with keeping your loan.",
		"es": "A %d meses, %s te costaría unos %s al mes y te ahorraría %s en total, comisiones incluidas, frente a mantener tu préstamo.",
		"fr": "Sur %d mois, %s vous coûterait environ %s par mois et vous ferait économiser %s au total, frais compris, par rapport à votre prêt actuel.",
		"de": "Über %d Monate würde %s Sie etwa %s im Monat kosten und Ihnen insgesamt %s sparen, Gebühren eingerechnet, verglichen mit Ihrem jetzigen Kredit.",
		"sv": "Över %d månader skulle %s kosta dig ungefär %s i månaden och spara dig %s totalt, avgifter inräknade, jämfört med ditt nuvarande lån.",
	},
	"offer_term_costs": {
		"en": "Over %d months, %s would cost you about %s a month, but %s more in total than keeping your loan, fees included.",
		"es": "A %d meses, %s te costaría unos %s al mes, pero %s más en total que mantener tu préstamo, comisiones incluidas.",
		"fr": "Sur %d mois, %s vous coûterait environ %s par mois, mais %s de plus au total que votre prêt actuel, frais compris.",
		"de": "Über %d Monate würde %s Sie etwa %s im Monat kosten, insgesamt aber %s mehr als Ihr jetziger Kredit, Gebühren eingerechnet.",
		"sv": "Över %d månader skulle %s kosta dig ungefär %s i månaden, men %s mer totalt än ditt nuvarande lån, avgifter inräknade.",
	},
	"offer_term_none": {
		"en": "%s lends over %s months, not %d: ask me about one of those terms.",
		"es": "%s presta a %s meses, no a %d: pregúntame por uno de esos plazos.",
		"fr": "%s prête sur %s mois, pas sur %d : demandez-moi l'une de ces durées.",
		"de": "%s verleiht über %s Monate, nicht über %d: Fragen Sie mich nach einer dieser Laufzeiten.",
		"sv": "%s lånar ut över %s månader, inte %d: fråga mig om någon av de löptiderna.",
	},
	// The same for a policy: a twelfth of its price a year; no lender checks a rate.
	"policy_payment": {
		"en": "With %s you would pay about %s a month (a twelfth of its price for a year), %s less than now.",
		"es": "Con %s pagarías unos %s al mes (la doceava parte de su precio anual), %s menos que ahora.",
		"fr": "Avec %s, vous paieriez environ %s par mois (un douzième de son prix annuel), soit %s de moins qu'aujourd'hui.",
		"de": "Mit %s zahlen Sie etwa %s im Monat (ein Zwölftel des Jahrespreises), %s weniger als jetzt.",
		"sv": "Med %s skulle du betala ungefär %s i månaden (en tolftedel av årspriset), %s mindre än nu.",
	},
	"policy_payment_more": {
		"en": "With %s you would pay about %s a month (a twelfth of its price for a year), %s more than now.",
		"es": "Con %s pagarías unos %s al mes (la doceava parte de su precio anual), %s más que ahora.",
		"fr": "Avec %s, vous paieriez environ %s par mois (un douzième de son prix annuel), soit %s de plus qu'aujourd'hui.",
		"de": "Mit %s zahlen Sie etwa %s im Monat (ein Zwölftel des Jahrespreises), %s mehr als jetzt.",
		"sv": "Med %s skulle du betala ungefär %s i månaden (en tolftedel av årspriset), %s mer än nu.",
	},
	"offer_payment_same": {
		"en": "With %s you would pay about %s a month, the same as now.",
		"es": "Con %s pagarías unos %s al mes, lo mismo que ahora.",
		"fr": "Avec %s, vous paieriez environ %s par mois, comme aujourd'hui.",
		"de": "Mit %s zahlen Sie etwa %s im Monat, so viel wie jetzt.",
		"sv": "Med %s skulle du betala ungefär %s i månaden, samma som nu.",
	},
	"no_payment": {
		"en": "I don't have the monthly payment for %s.",
		"es": "No tengo la cuota mensual de %s.",
		"fr": "Je n'ai pas la mensualité de %s.",
		"de": "Die Monatsrate für %s habe ich nicht.",
		"sv": "Jag har inte månadskostnaden för %s.",
	},
	// Applying for an offer, and how long its approval takes: both the partner's.
	"offer_apply": {
		"en": "You apply for %s with the partner, on its own page (the link below): Ratewise doesn't take applications or send your details anywhere. The partner decides on approval and your final rate after its own checks.",
		"es": "%s se solicita al socio, en su propia página (el enlace de abajo): Ratewise no tramita solicitudes ni envía tus datos a nadie. El socio decide la aprobación y tu tipo final tras sus propias comprobaciones.",
		"fr": "La demande pour %s se fait auprès du partenaire, sur sa propre page (le lien ci-dessous) : Ratewise ne reçoit pas de demandes et n'envoie vos données à personne. Le partenaire décide de l'accord et de votre taux final après ses propres vérifications.",
		"de": "%s beantragen Sie beim Partner auf dessen eigener Seite (Link unten): Ratewise nimmt keine Anträge an und gibt Ihre Daten nicht weiter. Über die Zusage und Ihren endgültigen Zinssatz entscheidet der Partner nach eigener Prüfung.",
		"sv": "Du ansöker om %s hos partnern, på dess egen sida (länken nedan): Ratewise tar inte emot ansökningar och skickar inte dina uppgifter vidare. Partnern beslutar om godkännande och din slutliga ränta efter sin egen prövning.",
	},
	"offer_approval": {
		"en": "How long approval takes for %s is up to the partner: you apply on its page (the link below), and it tells you once it has checked your application. Ratewise doesn't see or speed up that decision.",
		"es": "Cuánto tarda la aprobación de %s depende del socio: lo solicitas en su página (el enlace de abajo) y te avisa cuando haya revisado tu solicitud. Ratewise no ve ni acelera esa decisión.",
		"fr": "Le délai d'accord pour %s dépend du partenaire : vous faites la demande sur sa page (le lien ci-dessous) et il vous répond une fois votre dossier examiné. Ratewise ne voit pas cette décision et ne peut pas l'accélérer.",
		"de": "Wie lange die Zusage für %s dauert, entscheidet der Partner: Sie beantragen auf seiner Seite (Link unten), und er meldet sich, sobald er Ihren Antrag geprüft hat. Ratewise sieht diese Entscheidung nicht und kann sie nicht beschleunigen.",
		"sv": "Hur lång tid godkännandet av %s tar avgör partnern: du ansöker på dess sida (länken nedan) och den hör av sig när ansökan är prövad. Ratewise ser inte beslutet och kan inte skynda på det.",
	},

	// Figures in a currency no market of the catalogue uses.
	"no_market": {
		"en": "Our partners' offers are in US dollars and pounds sterling for now (the United States and the United Kingdom), so I can't compare an amount in %s with them: the figures would not mean anything. I can explain a term, or connect you with one of our people.",
		"es": "Por ahora las ofertas de nuestros socios están en dólares estadounidenses y libras esterlinas (Estados Unidos y Reino Unido), así que no puedo compararlas con un importe en %s: las cifras no tendrían sentido. Puedo explicarte un término o ponerte con una persona de nuestro equipo.",
		"fr": "Pour l'instant, les offres de nos partenaires sont en dollars américains et en livres sterling (États-Unis et Royaume-Uni) : je ne peux donc pas les comparer à un montant en %s, les chiffres n'auraient pas de sens. Je peux vous expliquer un terme ou vous mettre en relation avec une personne de notre équipe.",
		"de": "Die Angebote unserer Partner lauten derzeit auf US-Dollar und britische Pfund (USA und Vereinigtes Königreich), daher kann ich einen Betrag in %s nicht mit ihnen vergleichen: Die Zahlen wären nicht aussagekräftig. Ich kann Ihnen einen Begriff erklären oder Sie mit einer Person aus unserem Team verbinden.",
		"sv": "Våra partners erbjudanden är i amerikanska dollar och brittiska pund än så länge (USA och Storbritannien), så jag kan inte jämföra ett belopp i %s med dem: siffrorna skulle inte betyda något. Jag kan förklara ett begrepp eller koppla dig till en person i vårt team.",
	},

	// How good a company's customer service is.
	"partner_service": {
		"en": "I can't tell you how good a company's customer service is: I have no reviews or ratings of it, only what its offers say — rates, fees and terms. Other customers' reviews are the place to look. I can compare its offer with your loan, or connect you with one of our people.",
		"es": "No puedo decirte qué tal es la atención al cliente de una empresa: no tengo opiniones ni valoraciones, solo lo que dicen sus ofertas (tipos, comisiones y condiciones). Para eso, mejor las opiniones de otros clientes. Puedo comparar su oferta con tu préstamo, o ponerte con una persona de nuestro equipo.",
		"fr": "Je ne peux pas vous dire ce que vaut le service client d'une entreprise : je n'ai ni avis ni notes, seulement ce que disent ses offres (taux, frais et conditions). Pour cela, fiez-vous plutôt aux avis d'autres clients. Je peux comparer son offre avec votre prêt, ou vous mettre en relation avec une personne de notre équipe.",
		"de": "Wie gut der Kundenservice eines Unternehmens ist, kann ich Ihnen nicht sagen: Ich habe keine Bewertungen, nur das, was seine Angebote sagen (Zinsen, Gebühren und Bedingungen). Dafür sind Bewertungen anderer Kunden die bessere Quelle. Ich kann sein Angebot mit Ihrem Kredit vergleichen oder Sie mit einer Person aus unserem Team verbinden.",
		"sv": "Jag kan inte säga hur bra ett företags kundtjänst är: jag har inga omdömen eller betyg, bara det som står i dess erbjudanden (ränta, avgifter och villkor). Där är andra kunders omdömen en bättre källa. Jag kan jämföra dess erbjudande med ditt lån, eller koppla dig till en person i vårt team.",
	},

	// Questions about a shown offer.
	"no_shown": {
		"en": "I haven't shown you any offers in this conversation yet. Tell me about your loan or policy, or ask me for offers, and I'll answer about them.",
		"es": "Todavía no te he mostrado ofertas en esta conversación. Cuéntame de tu préstamo o seguro, o pídeme ofertas, y te responderé sobre ellas.",
		"fr": "Je ne vous ai encore montré aucune offre dans cette conversation. Parlez-moi de votre prêt ou de votre assurance, ou demandez-moi des offres, et je vous répondrai.",
		"de": "Ich habe Ihnen in diesem Gespräch noch keine Angebote gezeigt. Nennen Sie mir Ihren Kredit oder Ihre Versicherung oder fragen Sie nach Angeboten.",
		"sv": "Jag har inte visat dig några erbjudanden i det här samtalet än. Berätta om ditt lån eller din försäkring, eller be om erbjudanden.",
	},
	"which_shown": {
		"en": "Which one do you mean? I showed: %s.",
		"es": "¿A cuál te refieres? Te mostré: %s.",
		"fr": "De laquelle parlez-vous ? Je vous ai montré : %s.",
		"de": "Welches meinen Sie? Ich habe gezeigt: %s.",
		"sv": "Vilket menar du? Jag visade: %s.",
	},
	"offer_fees_none":    {"en": "%s has no fee to take it out.", "es": "%s no tiene comisión de apertura.", "fr": "%s n'a pas de frais de dossier.", "de": "%s hat keine Abschlussgebühr.", "sv": "%s har ingen uppläggningsavgift."},
	"offer_fees":         {"en": "%s: %s", "es": "%s: %s", "fr": "%s : %s", "de": "%s: %s", "sv": "%s: %s"},
	"offer_penalty_none": {"en": "%s has no prepayment penalty: you can repay early at no extra cost.", "es": "%s no tiene penalización por amortización anticipada: puedes devolverlo antes sin coste.", "fr": "%s n'a pas de pénalité de remboursement anticipé : vous pouvez rembourser plus tôt sans frais.", "de": "%s hat keine Vorfälligkeitsgebühr: Sie können jederzeit ohne Zusatzkosten vorzeitig tilgen.", "sv": "%s har ingen avgift vid förtida återbetalning: du kan betala i förtid utan extra kostnad."},
	"offer_penalty":      {"en": "%s charges a prepayment penalty of %s of the balance you repay early.", "es": "%s cobra una penalización del %s del saldo que devuelvas antes de tiempo.", "fr": "%s facture une pénalité de %s du capital remboursé par anticipation.", "de": "%s berechnet eine Vorfälligkeitsgebühr von %s des vorzeitig getilgten Betrags.", "sv": "%s tar en avgift på %s av det du betalar i förtid."},
	"offer_terms_months": {"en": "Terms: %s months.", "es": "Plazos: %s meses.", "fr": "Durées : %s mois.", "de": "Laufzeiten: %s Monate.", "sv": "Löptider: %s månader."},
	"offer_amounts":      {"en": "Borrow from %s to %s.", "es": "Importe de %s a %s.", "fr": "Montant de %s à %s.", "de": "Betrag von %s bis %s.", "sv": "Belopp från %s till %s."},
	"offer_terms_text":   {"en": "Its terms say: “%s”", "es": "Sus condiciones dicen: «%s»", "fr": "Ses conditions indiquent : « %s »", "de": "Die Bedingungen lauten: „%s“", "sv": "Villkoren säger: ”%s”"},
	"offer_min_score":    {"en": "It asks for a credit score of at least %d.", "es": "Pide una puntuación de crédito de al menos %d.", "fr": "Il faut un score de crédit d'au moins %d.", "de": "Verlangt wird ein Kreditscore von mindestens %d.", "sv": "Det krävs ett kreditbetyg på minst %d."},
	"offer_requirements": {"en": "Who can apply: %s", "es": "Quién puede solicitarlo: %s", "fr": "Qui peut le demander : %s", "de": "Wer es beantragen kann: %s", "sv": "Vem som kan ansöka: %s"},
	"offer_bands":        {"en": "Rate by credit score: %s.", "es": "Tipo según la puntuación de crédito: %s.", "fr": "Taux selon le score de crédit : %s.", "de": "Zinssatz nach Kreditscore: %s.", "sv": "Ränta efter kreditbetyg: %s."},
	"offer_band":         {"en": "%d and above %s", "es": "%d o más: %s", "fr": "%d et plus : %s", "de": "ab %d: %s", "sv": "%d och uppåt: %s"},
	"offer_rate":         {"en": "%s: representative APR %s, from %s to %s depending on credit.", "es": "%s: TAE representativa %s, del %s al %s según el perfil crediticio.", "fr": "%s : TAEG représentatif %s, de %s à %s selon le dossier de crédit.", "de": "%s: repräsentativer effektiver Jahreszins %s, %s bis %s je nach Bonität.", "sv": "%s: representativ effektiv ränta %s, från %s till %s beroende på kreditvärdighet."},
	"offer_promo":        {"en": "%s: %s for %d months on balances you move, then %s; balance transfer fee %s of the amount moved.", "es": "%s: %s durante %d meses en el saldo que traspases, después %s; comisión de traspaso del %s.", "fr": "%s : %s pendant %d mois sur le solde transféré, puis %s ; frais de transfert de %s.", "de": "%s: %s für %d Monate auf übertragene Salden, danach %s; Übertragungsgebühr %s.", "sv": "%s: %s i %d månader på överförd skuld, sedan %s; överföringsavgift %s."},
	"offer_no_promo":     {"en": "%s has no introductory rate: its representative APR, %s, applies from the start.", "es": "%s no tiene tipo introductorio: su TAE representativa, %s, se aplica desde el principio.", "fr": "%s n'a pas de taux promotionnel : son TAEG représentatif, %s, s'applique dès le début.", "de": "%s hat keinen Einführungszins: Der repräsentative effektive Jahreszins von %s gilt von Anfang an.", "sv": "%s har ingen introduktionsränta: den representativa effektiva räntan, %s, gäller från början."},
	"offer_pay_monthly": {
		"en": "%s costs %s a year paid at once, or 12 monthly payments of %s: %s a year, %s more — like borrowing at %s APR.",
		"es": "%s cuesta %s al año pagado de una vez, o 12 pagos mensuales de %s: %s al año, %s más, como pedir prestado al %s TAE.",
		"fr": "%s coûte %s par an payé en une fois, ou 12 mensualités de %s : %s par an, soit %s de plus, comme un emprunt à %s TAEG.",
		"de": "%s kostet %s im Jahr bei Zahlung auf einmal, oder 12 Monatsraten von %s: %s im Jahr, %s mehr – wie ein Kredit zu %s effektivem Jahreszins.",
		"sv": "%s kostar %s per år betalt på en gång, eller 12 månadsbetalningar på %s: %s per år, %s mer – som att låna till %s effektiv ränta.",
	},
	"offer_pay_monthly_same": {
		"en": "%s costs %s a year paid at once, or 12 monthly payments of %s (%s a year): paying monthly costs nothing more.",
		"es": "%s cuesta %s al año pagado de una vez, o 12 pagos mensuales de %s (%s al año): pagar al mes no cuesta más.",
		"fr": "%s coûte %s par an payé en une fois, ou 12 mensualités de %s (%s par an) : payer au mois ne coûte rien de plus.",
		"de": "%s kostet %s im Jahr bei Zahlung auf einmal, oder 12 Monatsraten von %s (%s im Jahr): Monatlich zu zahlen kostet nicht mehr.",
		"sv": "%s kostar %s per år betalt på en gång, eller 12 månadsbetalningar på %s (%s per år): att betala månadsvis kostar inget extra.",
	},
	"offer_pay_yearly_only": {
		"en": "%s is priced at %s a year paid at once; its details give no monthly price.",
		"es": "%s cuesta %s al año pagado de una vez; sus datos no dan un precio mensual.",
		"fr": "%s coûte %s par an payé en une fois ; ses informations ne donnent pas de prix mensuel.",
		"de": "%s kostet %s im Jahr bei Zahlung auf einmal; seine Angaben nennen keinen Monatspreis.",
		"sv": "%s kostar %s per år betalt på en gång; uppgifterna anger inget månadspris.",
	},
	"own_pay_yearly": {
		"en": "For your own policy, ask your insurer what paying in full costs: paying by the month usually costs more, as it works like a loan.",
		"es": "Para tu propia póliza, pregunta a tu aseguradora cuánto cuesta pagarla de una vez: pagar al mes suele costar más, porque funciona como un préstamo.",
		"fr": "Pour votre propre contrat, demandez à votre assureur ce que coûte un paiement en une fois : payer au mois coûte en général plus cher, car cela fonctionne comme un prêt.",
		"de": "Fragen Sie für Ihre eigene Police Ihren Versicherer, was die Zahlung auf einmal kostet: Monatlich zu zahlen kostet meist mehr, weil es wie ein Kredit funktioniert.",
		"sv": "För din egen försäkring: fråga ditt försäkringsbolag vad det kostar att betala allt på en gång – att betala månadsvis kostar oftast mer, eftersom det fungerar som ett lån.",
	},
	"offer_deductible": {
		"en": "%s's deductible (excess) is %s: what you pay towards each claim before the insurer pays the rest.",
		"es": "La franquicia de %s es de %s: lo que pagas tú en cada siniestro antes de que la aseguradora pague el resto.",
		"fr": "La franchise de %s est de %s : ce que vous payez pour chaque sinistre avant que l'assureur ne paie le reste.",
		"de": "Die Selbstbeteiligung von %s beträgt %s: Das zahlen Sie bei jedem Schaden selbst, bevor der Versicherer den Rest übernimmt.",
		"sv": "Självrisken för %s är %s: det du betalar själv vid varje skada innan försäkringsbolaget betalar resten.",
	},
	"offer_no_deductible": {
		"en": "%s's details give no deductible (excess): ask the insurer before you switch.",
		"es": "Los datos de %s no indican franquicia: pregúntalo a la aseguradora antes de cambiarte.",
		"fr": "Les informations de %s n'indiquent pas de franchise : demandez à l'assureur avant de changer.",
		"de": "Die Angaben zu %s nennen keine Selbstbeteiligung: Fragen Sie vor einem Wechsel beim Versicherer nach.",
		"sv": "Uppgifterna om %s anger ingen självrisk: fråga försäkringsbolaget innan du byter.",
	},
	"offer_features":         {"en": "Includes: %s.", "es": "Incluye: %s.", "fr": "Comprend : %s.", "de": "Enthalten: %s.", "sv": "Ingår: %s."},
	"offer_feature_included": {"en": "Yes: %s includes %s.", "es": "Sí: %s incluye %s.", "fr": "Oui : %s comprend %s.", "de": "Ja: %s umfasst %s.", "sv": "Ja: %s omfattar %s."},
	"offer_feature_excluded": {"en": "No: %s does not cover %s.", "es": "No: %s no cubre %s.", "fr": "Non : %s ne couvre pas %s.", "de": "Nein: %s deckt %s nicht ab.", "sv": "Nej: %s täcker inte %s."},
	"offer_feature_unsaid":   {"en": "%s's details don't mention %s, so I can't say it is included: ask the insurer before you switch.", "es": "Los datos de %s no mencionan %s, así que no puedo decirte que esté incluido: pregúntalo a la aseguradora antes de cambiarte.", "fr": "Les informations de %s ne mentionnent pas %s : je ne peux donc pas vous dire que c'est inclus. Demandez à l'assureur avant de changer.", "de": "Die Angaben zu %s erwähnen %s nicht, daher kann ich nicht sagen, dass es enthalten ist: Fragen Sie vor einem Wechsel beim Versicherer nach.", "sv": "Uppgifterna om %s nämner inte %s, så jag kan inte säga att det ingår: fråga försäkringsbolaget innan du byter."},
	"offer_premium":          {"en": "%s: %s a year, cover up to %s, deductible %s.", "es": "%s: %s al año, cobertura hasta %s, franquicia %s.", "fr": "%s : %s par an, couverture jusqu'à %s, franchise %s.", "de": "%s: %s im Jahr, Deckung bis %s, Selbstbeteiligung %s.", "sv": "%s: %s per år, skydd upp till %s, självrisk %s."},
	"offer_exclusions":       {"en": "Not covered: %s.", "es": "No cubre: %s.", "fr": "Non couvert : %s.", "de": "Nicht gedeckt: %s.", "sv": "Täcks inte: %s."},
	"offer_catch":            {"en": "The catch with %s: %s.", "es": "La pega de %s: %s.", "fr": "Le piège avec %s : %s.", "de": "Der Haken bei %s: %s.", "sv": "Haken med %s: %s."},
	"offer_no_catch":         {"en": "%s has no fee and no prepayment penalty; what to check is the rate you would get, which depends on your credit.", "es": "%s no tiene comisión ni penalización por amortización; lo que hay que comprobar es el tipo que te darían, que depende de tu perfil crediticio.", "fr": "%s n'a ni frais ni pénalité de remboursement anticipé ; à vérifier : le taux que vous obtiendriez, qui dépend de votre dossier de crédit.", "de": "%s hat weder Gebühr noch Vorfälligkeitsgebühr; prüfen sollten Sie den Zinssatz, den Sie bekämen, denn er hängt von Ihrer Bonität ab.", "sv": "%s har ingen avgift och ingen avgift vid förtida återbetalning; det du bör kontrollera är räntan du skulle få, som beror på din kreditvärdighet."},
	"offer_link":             {"en": "Full details: %s", "es": "Todos los detalles: %s", "fr": "Tous les détails : %s", "de": "Alle Details: %s", "sv": "Alla detaljer: %s"},
	"pick": {
		"en": "I can't tell you what is right for you — I don't know your whole situation, and this is not personal advice. What I can say is how I ranked them: %s comes first because it saves the most, %s in total with fees included%s.",
		"es": "No puedo decirte qué es lo mejor para ti (no conozco toda tu situación y esto no es asesoramiento personal). Lo que sí puedo decirte es cómo las ordené: %s va primero porque es la que más ahorra, %s en total con comisiones incluidas%s.",
		"fr": "Je ne peux pas vous dire ce qui vous convient : je ne connais pas toute votre situation et ceci n'est pas un conseil personnalisé. Je peux vous dire comment je les ai classées : %s arrive en tête car c'est elle qui fait le plus économiser, %s au total, frais compris%s.",
		"de": "Ich kann Ihnen nicht sagen, was für Sie das Richtige ist: Ich kenne Ihre ganze Lage nicht, und dies ist keine persönliche Beratung. Sagen kann ich, wie ich sie geordnet habe: %s steht vorn, weil es am meisten spart, %s insgesamt, Gebühren eingerechnet%s.",
		"sv": "Jag kan inte säga vad som är rätt för dig: jag känner inte till hela din situation och detta är ingen personlig rådgivning. Det jag kan säga är hur jag rangordnade dem: %s kommer först eftersom det sparar mest, %s totalt med avgifter%s.",
	},
	// The same for offers a search priced for an amount over one term: the amount, the months,
	// the offer that costs least in all, what it costs, fees included.
	"pick_search_amount": {
		"en": "I can't tell you what is right for you — I don't know your whole situation, and this is not personal advice. Of the offers I showed, borrowing %s over %d months costs least in all with %s: %s, fees included; the rate you get depends on the lender's checks.",
		"es": "No puedo decirte qué es lo mejor para ti (no conozco toda tu situación y esto no es asesoramiento personal). De las ofertas que te mostré, pedir %s a %d meses cuesta menos en total con %s: %s, comisiones incluidas; el tipo que te den depende de las comprobaciones del prestamista.",
		"fr": "Je ne peux pas vous dire ce qui vous convient : je ne connais pas toute votre situation et ceci n'est pas un conseil personnalisé. Parmi les offres que je vous ai montrées, emprunter %s sur %d mois coûte le moins au total avec %s : %s, frais compris ; le taux obtenu dépend des vérifications du prêteur.",
		"de": "Ich kann Ihnen nicht sagen, was für Sie das Richtige ist: Ich kenne Ihre ganze Lage nicht, und dies ist keine persönliche Beratung. Von den gezeigten Angeboten kosten %s über %d Monate insgesamt am wenigsten bei %s: %s, Gebühren inbegriffen; Ihr Zinssatz hängt von der Prüfung des Kreditgebers ab.",
		"sv": "Jag kan inte säga vad som är rätt för dig: jag känner inte till hela din situation och detta är ingen personlig rådgivning. Av erbjudandena jag visade kostar det minst totalt att låna %s på %d månader hos %s: %s, avgifter inräknade; räntan du får beror på långivarens prövning.",
	},
	"pick_search": {
		"en": "I can't tell you what is right for you — I don't know your whole situation, and this is not personal advice. Of the offers I showed, %s has the lowest representative APR, %s; the rate you get depends on the lender's checks. Tell me about a loan you have and I can work out what switching would save.",
		"es": "No puedo decirte qué es lo mejor para ti (no conozco toda tu situación y esto no es asesoramiento personal). De las ofertas que te mostré, %s tiene la TAE representativa más baja, %s; el tipo que te den depende de las comprobaciones del prestamista. Cuéntame de un préstamo que tengas y calcularé cuánto ahorrarías al cambiar.",
		"fr": "Je ne peux pas vous dire ce qui vous convient : je ne connais pas toute votre situation et ceci n'est pas un conseil personnalisé. Parmi les offres que je vous ai montrées, %s a le TAEG représentatif le plus bas, %s ; le taux obtenu dépend des vérifications du prêteur. Parlez-moi d'un prêt que vous avez et je calculerai ce qu'un changement vous ferait économiser.",
		"de": "Ich kann Ihnen nicht sagen, was für Sie das Richtige ist: Ich kenne Ihre ganze Lage nicht, und dies ist keine persönliche Beratung. Von den gezeigten Angeboten hat %s den niedrigsten repräsentativen effektiven Jahreszins, %s; Ihr Zinssatz hängt von der Prüfung des Kreditgebers ab. Nennen Sie mir einen Kredit, den Sie haben, dann rechne ich aus, was ein Wechsel sparen würde.",
		"sv": "Jag kan inte säga vad som är rätt för dig: jag känner inte till hela din situation och detta är ingen personlig rådgivning. Av erbjudandena jag visade har %s lägst representativ effektiv ränta, %s; räntan du får beror på långivarens prövning. Berätta om ett lån du har så räknar jag ut vad ett byte skulle spara.",
	},
	// What switching to a shown offer saves (Title, total, monthly).
	"saving_monthly": {
		"en": "With %s you would save %s in total, fees included, about %s a month, against keeping your loan. That is at the rate the comparison used; the rate you get depends on the lender's checks.",
		"es": "Con %s ahorrarías %s en total, comisiones incluidas, unos %s al mes, frente a mantener tu préstamo. Es con el tipo que usó la comparación; el que te den depende de las comprobaciones del prestamista.",
		"fr": "Avec %s, vous économiseriez %s au total, frais compris, soit environ %s par mois, par rapport à votre prêt actuel. C'est au taux utilisé par la comparaison ; le vôtre dépendra des vérifications du prêteur.",
		"de": "Mit %s würden Sie insgesamt %s sparen, Gebühren eingerechnet, etwa %s im Monat, verglichen mit Ihrem jetzigen Kredit. Das gilt zum Zinssatz des Vergleichs; Ihr Zinssatz hängt von der Prüfung des Kreditgebers ab.",
		"sv": "Med %s skulle du spara %s totalt, avgifter inräknade, ungefär %s i månaden, jämfört med ditt nuvarande lån. Det gäller räntan i jämförelsen; räntan du får beror på långivarens prövning.",
	},
	// A policy's saving is for a year: what it costs a year against the quoted premium.
	"saving_policy": {
		"en": "With %s you would save %s a year, about %s a month, against keeping your policy. That is at the premium the insurer quotes; yours depends on your circumstances and the cover you choose.",
		"es": "Con %s ahorrarías %s al año, unos %s al mes, frente a mantener tu póliza. Es con la prima que indica la aseguradora; la tuya depende de tus circunstancias y de la cobertura que elijas.",
		"fr": "Avec %s, vous économiseriez %s par an, soit environ %s par mois, par rapport à votre contrat actuel. C'est à la prime indiquée par l'assureur ; la vôtre dépend de votre situation et des garanties choisies.",
		"de": "Mit %s würden Sie %s im Jahr sparen, etwa %s im Monat, verglichen mit Ihrem jetzigen Vertrag. Das gilt zur Prämie, die der Versicherer nennt; Ihre hängt von Ihren Umständen und dem gewählten Schutz ab.",
		"sv": "Med %s skulle du spara %s per år, ungefär %s i månaden, jämfört med din nuvarande försäkring. Det gäller premien som försäkringsbolaget anger; din beror på dina förhållanden och det skydd du väljer.",
	},
	"saving_total": {
		"en": "With %s you would save %s in total, fees included, against keeping what you have.",
		"es": "Con %s ahorrarías %s en total, comisiones incluidas, frente a mantener lo que tienes.",
		"fr": "Avec %s, vous économiseriez %s au total, frais compris, par rapport à ce que vous avez.",
		"de": "Mit %s würden Sie insgesamt %s sparen, Gebühren eingerechnet, verglichen mit Ihrem jetzigen Vertrag.",
		"sv": "Med %s skulle du spara %s totalt, avgifter inräknade, jämfört med det du har.",
	},
	"saving_none": {
		"en": "%s would not save you money: it would cost %s more in total than keeping what you have, fees included.",
		"es": "%s no te ahorraría dinero: costaría %s más en total que mantener lo que tienes, comisiones incluidas.",
		"fr": "%s ne vous ferait pas économiser : il coûterait %s de plus au total que ce que vous avez, frais compris.",
		"de": "%s würde Ihnen nichts sparen: Es kostete insgesamt %s mehr als Ihr jetziger Vertrag, Gebühren eingerechnet.",
		"sv": "%s skulle inte spara pengar: det skulle kosta %s mer totalt än det du har, avgifter inräknade.",
	},
	"pick_next": {"en": "; next is %s, saving %s", "es": "; le sigue %s, con un ahorro de %s", "fr": " ; ensuite %s, avec %s d'économie", "de": "; danach %s mit %s Ersparnis", "sv": "; därefter %s, som sparar %s"},
	"pick_none": {
		"en": "I can't tell you what is right for you, and none of the offers I showed saves you money, so I would not pick one: keeping what you have looks sensible for now.",
		"es": "No puedo decirte qué es lo mejor para ti, y ninguna de las ofertas que te mostré te ahorra dinero, así que no elegiría ninguna: mantener lo que tienes parece razonable.",
		"fr": "Je ne peux pas vous dire ce qui vous convient, et aucune des offres montrées ne vous fait économiser : garder ce que vous avez semble raisonnable.",
		"de": "Ich kann Ihnen nicht sagen, was für Sie richtig ist, und keines der gezeigten Angebote spart Ihnen Geld: Ihren Vertrag zu behalten ist vernünftig.",
		"sv": "Jag kan inte säga vad som är rätt för dig, och inget av erbjudandena jag visade sparar pengar: att behålla det du har verkar klokt.",
	},

	// Searches.
	// Searches for a credit score (search_offers credit_score).
	"search_score": {
		"en": "Listed for a credit score of %d: each of these offers' published criteria accepts it.",
		"es": "Ofertas para una puntuación de crédito de %d: los criterios publicados de cada una la aceptan.",
		"fr": "Offres pour un score de crédit de %d : les critères publiés de chacune l'acceptent.",
		"de": "Angebote für einen Kreditscore von %d: Die veröffentlichten Kriterien jedes Angebots lassen ihn zu.",
		"sv": "Erbjudanden för ett kreditbetyg på %d: varje erbjudandes publicerade krav godtar det.",
	},
	"search_score_above": {
		"en": "%d more ask for at least %d.",
		"es": "Otras %d piden al menos %d.",
		"fr": "%d autres demandent au moins %d.",
		"de": "%d weitere verlangen mindestens %d.",
		"sv": "%d till kräver minst %d.",
	},
	"search_score_none": {
		"en": "None of our partners' %s offers accepts a credit score of %d: the lowest minimum they publish is %d. One of our people can go through other options with you.",
		"es": "Ninguna oferta de %s de nuestros socios acepta una puntuación de crédito de %d: el mínimo más bajo que publican es %d. Una persona de nuestro equipo puede revisar otras opciones contigo.",
		"fr": "Aucune offre de %s de nos partenaires n'accepte un score de crédit de %d : le minimum le plus bas publié est %d. Une personne de notre équipe peut examiner d'autres options avec vous.",
		"de": "Keines der %s-Angebote unserer Partner akzeptiert einen Kreditscore von %d: Das niedrigste veröffentlichte Minimum ist %d. Jemand aus unserem Team kann andere Möglichkeiten mit Ihnen durchgehen.",
		"sv": "Inget av våra partners erbjudanden för %s godtar ett kreditbetyg på %d: det lägsta publicerade kravet är %d. Någon i vårt team kan gå igenom andra alternativ med dig.",
	},
	"ask_score": {
		"en": "Each lender publishes the lowest credit score it accepts: tell me yours (for example \"my score is 640\") and I'll list only the offers whose criteria accept it. Checking here does not affect your score.",
		"es": "Cada prestamista publica la puntuación de crédito mínima que acepta: dime la tuya (por ejemplo «mi puntuación es 640») y te mostraré solo las ofertas cuyos criterios la aceptan. Consultarlo aquí no afecta a tu puntuación.",
		"fr": "Chaque prêteur publie le score de crédit minimum qu'il accepte : donnez-moi le vôtre (par exemple « mon score est 640 ») et je ne listerai que les offres dont les critères l'acceptent. Vérifier ici n'a aucun effet sur votre score.",
		"de": "Jeder Kreditgeber veröffentlicht den niedrigsten Kreditscore, den er akzeptiert: Nennen Sie mir Ihren (zum Beispiel „mein Score ist 640“), dann zeige ich nur die Angebote, deren Kriterien ihn zulassen. Das Nachsehen hier wirkt sich nicht auf Ihren Score aus.",
		"sv": "Varje långivare publicerar det lägsta kreditbetyg den godtar: berätta ditt (till exempel ”mitt kreditbetyg är 640”) så visar jag bara erbjudandena vars krav godtar det. Att kolla här påverkar inte ditt betyg.",
	},
	"search_head": {
		"en": "Here are our partners' %s offers, cheapest first:",
		"es": "Estas son las ofertas de %s de nuestros socios, de la más barata a la más cara:",
		"fr": "Voici les offres de %s de nos partenaires, de la moins chère à la plus chère :",
		"de": "Hier sind die Angebote unserer Partner (%s), das günstigste zuerst:",
		"sv": "Här är våra partners erbjudanden (%s), billigast först:",
	},
	"search_matched": {
		"en": "Here are our partners' %s offers that best match “%s”:",
		"es": "Estas son las ofertas de %s de nuestros socios que mejor encajan con «%s»:",
		"fr": "Voici les offres de %s de nos partenaires qui correspondent le mieux à « %s » :",
		"de": "Hier sind die Angebote unserer Partner (%s), die am besten zu „%s“ passen:",
		"sv": "Här är våra partners erbjudanden (%s) som bäst motsvarar ”%s”:",
	},
	"search_unmatched": {
		"en": "None of our partners' %s offers mentions “%s”, so here are the cheapest ones instead:",
		"es": "Ninguna oferta de %s de nuestros socios menciona «%s», así que aquí tienes las más baratas:",
		"fr": "Aucune offre de %s de nos partenaires ne mentionne « %s » ; voici les moins chères :",
		"de": "Keines der Angebote unserer Partner (%s) erwähnt „%s“; hier sind stattdessen die günstigsten:",
		"sv": "Inget av våra partners erbjudanden (%s) nämner ”%s”, så här är de billigaste i stället:",
	},
	"search_unsearched": {
		"en": "I couldn't search the offers' descriptions for “%[2]s” just now, so here are the cheapest %[1]s offers instead:",
		"es": "Ahora mismo no he podido buscar «%[2]s» en las descripciones, así que aquí tienes las ofertas de %[1]s más baratas:",
		"fr": "Je n'ai pas pu chercher « %[2]s » dans les descriptions pour l'instant ; voici les offres de %[1]s les moins chères :",
		"de": "Ich konnte die Beschreibungen gerade nicht nach „%[2]s“ durchsuchen; hier sind die günstigsten Angebote (%[1]s):",
		"sv": "Jag kunde inte söka efter ”%[2]s” i beskrivningarna just nu, så här är de billigaste erbjudandena (%[1]s):",
	},
	"search_none": {
		"en": "I couldn't find an active %s offer from our partners right now.",
		"es": "Ahora mismo no encuentro ninguna oferta activa de %s de nuestros socios.",
		"fr": "Je ne trouve actuellement aucune offre active de %s chez nos partenaires.",
		"de": "Ich finde gerade kein aktives Angebot unserer Partner (%s).",
		"sv": "Jag hittar inget aktivt erbjudande (%s) från våra partner just nu.",
	},
	"search_loan": {
		"en": "%s from %s, %s: borrowing %s over %d months costs about %s a month, %s in total, fees included.",
		"es": "%s de %s, %s: pedir %s a %d meses cuesta unos %s al mes, %s en total, comisiones incluidas.",
		"fr": "%s de %s, %s : emprunter %s sur %d mois coûte environ %s par mois, %s au total, frais compris.",
		"de": "%s von %s, %s: %s über %d Monate kosten etwa %s im Monat, %s insgesamt, Gebühren inbegriffen.",
		"sv": "%s från %s, %s: att låna %s på %d månader kostar cirka %s per månad, %s totalt, avgifter inräknade.",
	},
	"search_rate":    {"en": "%s from %s, %s.", "es": "%s de %s, %s.", "fr": "%s de %s, %s.", "de": "%s von %s, %s.", "sv": "%s från %s, %s."},
	"search_premium": {"en": "%s from %s at %s a year.", "es": "%s de %s a %s al año.", "fr": "%s de %s à %s par an.", "de": "%s von %s für %s im Jahr.", "sv": "%s från %s för %s per år."},
	"which_product": {
		"en": "Which kind of offer are you looking for — a personal loan, a car loan, a mortgage, a student loan, a credit card or insurance?",
		"es": "¿Qué tipo de oferta buscas: un préstamo personal, de coche, una hipoteca, un préstamo de estudios, una tarjeta de crédito o un seguro?",
		"fr": "Quel type d'offre cherchez-vous : un prêt personnel, un crédit auto, un prêt immobilier, un prêt étudiant, une carte de crédit ou une assurance ?",
		"de": "Welche Art von Angebot suchen Sie: Privatkredit, Autokredit, Baufinanzierung, Studienkredit, Kreditkarte oder Versicherung?",
		"sv": "Vilken sorts erbjudande letar du efter: privatlån, billån, bolån, studielån, kreditkort eller försäkring?",
	},

	// Holdings.
	"holding_loan":   {"en": "%s with %s, %s at %s with %d months left", "es": "%s con %s, %s al %s con %d meses restantes", "fr": "%s chez %s, %s à %s, %d mois restants", "de": "%s bei %s, %s zu %s, noch %d Monate", "sv": "%s hos %s, %s till %s med %d månader kvar"},
	"holding_card":   {"en": "%s with %s, %s at %s", "es": "%s con %s, %s al %s", "fr": "%s chez %s, %s à %s", "de": "%s bei %s, %s zu %s", "sv": "%s hos %s, %s till %s"},
	"holding_policy": {"en": "%s with %s, premium %s %s", "es": "%s con %s, prima %s %s", "fr": "%s chez %s, prime %s %s", "de": "%s bei %s, Prämie %s %s", "sv": "%s hos %s, premie %s %s"},
	"holdings_head":  {"en": "You have %d saved:", "es": "Tienes %d guardados:", "fr": "Vous avez %d produits enregistrés :", "de": "Sie haben %d gespeichert:", "sv": "Du har %d sparade:"},
	"holdings_more":  {"en": "• … and %d more, all on your holdings page (/holdings).", "es": "• … y %d más, todos en tu página de productos (/holdings).", "fr": "• … et %d autres, tous sur votre page de produits (/holdings).", "de": "• … und %d weitere, alle auf Ihrer Seite mit Ihren Produkten (/holdings).", "sv": "• … och %d till, alla på din sida med dina produkter (/holdings)."},
	"holdings_tail": {
		"en": "Ask me whether any of them could be cheaper — \"compare my loans\" compares them all.",
		"es": "Pregúntame si alguno podría ser más barato: «compara mis préstamos» los compara todos.",
		"fr": "Demandez-moi si l'un d'eux pourrait coûter moins cher : « compare mes prêts » les compare tous.",
		"de": "Fragen Sie mich, ob einer davon günstiger sein könnte: „vergleiche meine Kredite“ vergleicht alle.",
		"sv": "Fråga mig om något av dem kan bli billigare: ”jämför mina lån” jämför alla.",
	},

	// Knowledge.
	"from_guide": {"en": "From our guide “%s” — read it at %s", "es": "De nuestra guía «%s» (en inglés): %s", "fr": "Extrait de notre guide « %s » (en anglais) : %s", "de": "Aus unserem Leitfaden „%s“ (auf Englisch): %s", "sv": "Från vår guide ”%s” (på engelska): %s"},
	"no_guide": {
		"en": "I couldn't find that in our guides. Could you put it another way?",
		"es": "No lo encuentro en nuestras guías. ¿Puedes decirlo de otra manera?",
		"fr": "Je ne trouve pas cela dans nos guides. Pouvez-vous reformuler ?",
		"de": "Das finde ich in unseren Leitfäden nicht. Können Sie es anders formulieren?",
		"sv": "Jag hittar inte det i våra guider. Kan du säga det på ett annat sätt?",
	},
	"tool_failed": {
		"en": "I couldn't do that just now: %s",
		"es": "No he podido hacerlo ahora mismo: %s",
		"fr": "Je n'ai pas pu le faire pour l'instant : %s",
		"de": "Das hat gerade nicht geklappt: %s",
		"sv": "Det gick inte just nu: %s",
	},
	"connecting": {
		"en": "I'm connecting you with a person now.",
		"es": "Te estoy conectando con una persona.",
		"fr": "Je vous mets en relation avec un conseiller.",
		"de": "Ich verbinde Sie jetzt mit einem Menschen.",
		"sv": "Jag kopplar dig till en människa nu.",
	},
}

// say returns the text key in lang (English when it has none), formatted with args.
func say(lang, key string, args ...any) string {
	t, ok := texts[key][lang]
	if !ok {
		t = texts[key]["en"]
	}
	if len(args) == 0 {
		return t
	}
	return fmt.Sprintf(t, args...)
}

// langLocale is the locale figures are written in for a conversation in lang whose offers
// are in region's currency: English follows the region (en-US, en-GB), other languages write
// numbers their own way (offers.FormatMoney knows each).
func langLocale(lang, regionLocale string) string {
	switch lang {
	case "es":
		return "es-ES"
	case "fr":
		return "fr-FR"
	case "de":
		return "de-DE"
	case "sv":
		return "sv-SE"
	}
	if regionLocale == "" {
		return "en-US"
	}
	return regionLocale
}

// validLang is lang when the assistant answers in it, else "en".
func validLang(lang string) string {
	for _, l := range nlu.Languages {
		if l == lang {
			return l
		}
	}
	return "en"
}

// list joins items as a sentence does: "a, b and c".
func list(lang string, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + say(lang, "and") + " " + items[len(items)-1]
}

// Handoffs for sensitive situations: what to do now, and the guide that helps, before the
// queue position. Each names its guide by slug (sensitiveGuides).
var sensitiveTexts = map[string]map[string]string{
	ReasonHardship: {
		"en": "I'm sorry things are hard right now — you don't have to sort this out alone, and acting early gives you more options. Our guide on what to do when you're struggling to pay: /kb/financial-hardship",
		"es": "Siento que estés pasando por un momento difícil; no tienes que resolverlo solo, y actuar pronto te da más opciones. Nuestra guía sobre qué hacer si te cuesta pagar (en inglés): /kb/financial-hardship",
		"fr": "Je suis désolé que la situation soit difficile ; vous n'avez pas à gérer cela seul, et agir tôt vous laisse plus d'options. Notre guide si vous avez du mal à payer (en anglais) : /kb/financial-hardship",
		"de": "Es tut mir leid, dass es gerade schwer ist. Sie müssen das nicht allein lösen, und frühes Handeln lässt mehr Möglichkeiten. Unser Leitfaden, wenn Sie nicht zahlen können (auf Englisch): /kb/financial-hardship",
		"sv": "Jag är ledsen att det är tufft just nu. Du behöver inte lösa det här ensam, och att agera tidigt ger fler möjligheter. Vår guide om du har svårt att betala (på engelska): /kb/financial-hardship",
	},
	ReasonFraud: {
		"en": "Do this now: call your card issuer or bank — the number is on the back of your card or on their website — and ask them to freeze the card and stop any payment you didn't make. Don't share any more codes or passwords with anyone. What to do next: /kb/fraud-and-scams",
		"es": "Haz esto ahora: llama a tu banco o al emisor de la tarjeta (el número está en el reverso de la tarjeta o en su web) y pide que bloqueen la tarjeta y detengan cualquier pago que no hayas hecho. No compartas más códigos ni contraseñas con nadie. Qué hacer después (en inglés): /kb/fraud-and-scams",
		"fr": "Faites-le maintenant : appelez votre banque ou l'émetteur de la carte (le numéro est au dos de la carte ou sur leur site) et demandez-leur de bloquer la carte et d'arrêter tout paiement que vous n'avez pas fait. Ne communiquez plus aucun code ni mot de passe. La suite (en anglais) : /kb/fraud-and-scams",
		"de": "Tun Sie das jetzt: Rufen Sie Ihre Bank oder den Kartenherausgeber an (die Nummer steht auf der Kartenrückseite oder auf der Website) und lassen Sie die Karte sperren und alle Zahlungen stoppen, die Sie nicht veranlasst haben. Geben Sie keine Codes oder Passwörter mehr weiter. Wie es weitergeht (auf Englisch): /kb/fraud-and-scams",
		"sv": "Gör så här nu: ring din bank eller kortutgivaren (numret står på kortets baksida eller på deras webbplats) och be dem spärra kortet och stoppa alla betalningar du inte gjort. Dela inga fler koder eller lösenord. Vad du gör sedan (på engelska): /kb/fraud-and-scams",
	},
	ReasonBereavement: {
		"en": "I'm so sorry for your loss. There is no rush: a person can help with the loans and policies involved, at your pace. Our guide: /kb/bereavement-support",
		"es": "Lamento mucho tu pérdida. No hay prisa: una persona puede ayudarte con los préstamos y seguros, a tu ritmo. Nuestra guía (en inglés): /kb/bereavement-support",
		"fr": "Toutes mes condoléances. Rien ne presse : un conseiller peut vous aider pour les prêts et les assurances concernés, à votre rythme. Notre guide (en anglais) : /kb/bereavement-support",
		"de": "Mein herzliches Beileid. Es eilt nichts: Ein Mensch kann Ihnen bei den betroffenen Krediten und Versicherungen helfen, in Ihrem Tempo. Unser Leitfaden (auf Englisch): /kb/bereavement-support",
		"sv": "Jag beklagar verkligen sorgen. Det är ingen brådska: en människa kan hjälpa dig med lånen och försäkringarna, i din takt. Vår guide (på engelska): /kb/bereavement-support",
	},
	ReasonVulnerability: {
		"en": "Thank you for telling me. A person can take the time to help with whatever you need, and can tell your lender what support you need.",
		"es": "Gracias por contármelo. Una persona puede dedicarte el tiempo que necesites y ayudarte con lo que haga falta.",
		"fr": "Merci de me l'avoir dit. Un conseiller peut prendre le temps qu'il faut pour vous aider.",
		"de": "Danke, dass Sie mir das sagen. Ein Mensch kann sich die Zeit nehmen, Ihnen bei allem zu helfen, was Sie brauchen.",
		"sv": "Tack för att du berättar. En människa kan ta den tid som behövs för att hjälpa dig.",
	},
	ReasonSelfHarm: {
		"en": "I'm really sorry you're feeling this way, and I'm glad you said it. You don't have to face this alone. If you are in danger right now, call your local emergency number. You can talk to someone now, free, at any hour: %s. More: /kb/crisis-support",
		"es": "Siento mucho que te sientas así, y me alegra que lo hayas dicho. No tienes que afrontarlo solo. Si estás en peligro ahora mismo, llama al 112. Puedes hablar con alguien ahora, gratis y a cualquier hora: %s. Más información: /kb/crisis-support",
		"fr": "Je suis vraiment désolé que vous vous sentiez ainsi, et merci de l'avoir dit. Vous n'êtes pas seul. Si vous êtes en danger maintenant, appelez le 112. Vous pouvez parler à quelqu'un maintenant, gratuitement, à toute heure : %s. Plus d'informations : /kb/crisis-support",
		"de": "Es tut mir wirklich leid, dass es Ihnen so geht, und gut, dass Sie es sagen. Sie müssen das nicht allein tragen. Wenn Sie gerade in Gefahr sind, rufen Sie die 112 an. Sie können jetzt mit jemandem sprechen, kostenlos und rund um die Uhr: %s. Mehr: /kb/crisis-support",
		"sv": "Jag är verkligen ledsen att du känner så, och bra att du säger det. Du behöver inte klara det här ensam. Om du är i fara just nu, ring 112. Du kan prata med någon nu, gratis, dygnet runt: %s. Mer: /kb/crisis-support",
	},
	ReasonComplaint: {
		"en": "I'm sorry about this. A person will take your complaint and tell you what happens next. How complaints work: /kb/complaints",
		"es": "Lamento lo ocurrido. Una persona recogerá tu reclamación y te dirá los siguientes pasos. Cómo funcionan las reclamaciones (en inglés): /kb/complaints",
		"fr": "Je suis désolé. Un conseiller va prendre votre réclamation et vous dire la suite. Comment fonctionnent les réclamations (en anglais) : /kb/complaints",
		"de": "Das tut mir leid. Ein Mensch nimmt Ihre Beschwerde auf und sagt Ihnen, wie es weitergeht. So funktionieren Beschwerden (auf Englisch): /kb/complaints",
		"sv": "Jag beklagar. En människa tar emot ditt klagomål och berättar vad som händer sedan. Så fungerar klagomål (på engelska): /kb/complaints",
	},
}

// sensitiveGuides are the guides the sensitive texts link, for the message's citations.
var sensitiveGuides = map[string]Citation{
	ReasonHardship:    {Source: "kb", Slug: "financial-hardship", Title: "Financial hardship: if you are struggling to pay", URL: "/kb/financial-hardship"},
	ReasonFraud:       {Source: "kb", Slug: "fraud-and-scams", Title: "Fraud and scams: protecting yourself", URL: "/kb/fraud-and-scams"},
	ReasonBereavement: {Source: "kb", Slug: "bereavement-support", Title: "Dealing with a loved one's loans and policies after a death", URL: "/kb/bereavement-support"},
	ReasonSelfHarm:    {Source: "kb", Slug: "crisis-support", Title: "If you are thinking about suicide or self-harm", URL: "/kb/crisis-support"},
	ReasonComplaint:   {Source: "kb", Slug: "complaints", Title: "Making a complaint", URL: "/kb/complaints"},
}

// crisisLines are the free crisis lines by country (retrieval/kb/crisis-support.md lists the
// same).
var crisisLines = map[string]string{
	"US": "call or text 988 (988 Suicide & Crisis Lifeline)",
	"GB": "call Samaritans on 116 123",
	"IE": "call Samaritans on 116 123",
	"ES": "llama al 024 (Línea 024)",
	"FR": "appelez le 3114 (numéro national de prévention du suicide)",
	"DE": "TelefonSeelsorge 0800 111 0 111 oder 0800 111 0 222",
	"SE": "ring Mind Självmordslinjen på 90101",
}

// crisisCountry is the country whose crisis line a person is given: their saved region's,
// unless they write in a language of another of the countries listed.
func crisisCountry(lang, region string) string {
	switch lang {
	case "es":
		return "ES"
	case "fr":
		return "FR"
	case "de":
		return "DE"
	case "sv":
		return "SE"
	}
	country, _, _ := strings.Cut(strings.ToUpper(region), "-")
	if _, ok := crisisLines[country]; ok && (country == "US" || country == "GB" || country == "IE") {
		return country
	}
	return "US"
}

// sensitiveReply is the reply to a sensitive situation before the queue position; "" for a
// handoff that is not one.
func sensitiveReply(category, lang, region string) string {
	t, ok := sensitiveTexts[category]
	if !ok {
		return ""
	}
	s, ok := t[lang]
	if !ok {
		s = t["en"]
	}
	if category == ReasonSelfHarm {
		s = fmt.Sprintf(s, crisisLines[crisisCountry(lang, region)])
	}
	return s
}
