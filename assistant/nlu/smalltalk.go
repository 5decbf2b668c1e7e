package nlu

import "strings"

// Small talk is a closed class: "hi", "ok", "nein danke", "tack så mycket". A message made
// only of such words is read by lookup, which is exact where a model trained on a few dozen
// of them guesses: an interjection it has never seen shares no feature with those it has.

// maxSmallTalk is the longest message, in tokens, that is looked up as small talk.
const maxSmallTalk = 8

var smallTalk = func() map[string]string {
	m := map[string]string{}
	add := func(intent, words string) {
		for _, w := range strings.Split(words, ",") {
			m[strings.TrimSpace(w)] = intent
		}
	}
	add(Greeting, `hi,hello,hey,hiya,heya,howdy,yo,sup,greetings,morning,good morning,good afternoon,good evening,helo,hello there,hey there,
		how are you,how's it going,hola,buenas,buenos dias,buenas tardes,buenas noches,que tal,saludos,holaa,bonjour,salut,bonsoir,coucou,allo,
		ca va,hallo,moin,servus,gruss gott,guten tag,guten morgen,guten abend,hallochen,na du,hej,hejsan,tja,tjena,halla,god morgon,god kvall,
		god dag,hej hej,morjens,hur mar du,hur ar det,como estas,que tal estas,comment ca va,comment allez vous,wie geht's,wie geht es dir,wie geht es ihnen`)
	add(Thanks, `thanks,thank you,thank u,thx,ty,cheers,appreciate it,much appreciated,many thanks,thanks a lot,gracias,muchas gracias,mil gracias,
		merci,merci beaucoup,merci bien,danke,danke schon,vielen dank,herzlichen dank,tack,tack sa mycket,tusen tack,stort tack,tack tack`)
	add("farewell", `bye,goodbye,bye bye,see you,see ya,cya,later,talk later,take care,adios,hasta luego,chao,nos vemos,au revoir,a bientot,ciao,
		bonne journee,bonne soiree,tschuss,auf wiedersehen,bis dann,bis bald,schonen tag,schonen abend,hej da,ha det bra,vi hors,ha det,
		ha en trevlig kvall,ha en trevlig dag,trevlig kvall,un saludo,a plus,have a nice day,have a good one`)
	add(Affirm, `yes,yeah,yep,yup,yea,ye,y,sure,ok,okay,okey,k,kk,alright,absolutely,definitely,of course,go ahead,do it,please do,sounds good,
		correct,right,yes please,go on,go for it,si,claro,vale,de acuerdo,dale,adelante,por supuesto,perfecto,venga,hazlo,oui,ouais,d' accord,
		bien sur,allez y,vas y,parfait,carrement,volontiers,ca marche,ja,jawohl,genau,klar,gerne,gern,mach das,passt,einverstanden,sicher,
		in ordnung,japp,jajamen,visst,absolut,sjalvklart,kor,garna,okej,det later bra,kor pa,je veux bien,yes i do,yes i would,si quiero,gerne doch,ja gerne`)
	add(Deny, `no,nope,nah,n,not now,not interested,never mind,nevermind,don't,dont,no way,no need,cancel,not really,no thank you,
		nop,ahora no,mejor no,para nada,dejalo,paso,non,pas maintenant,pas besoin,laisse tomber,plutot pas,plutot non,nein,nee,ne,no,
		jetzt nicht,lieber nicht,lass mal,nej,na,naa,inte nu,behovs inte,helst inte,strunta i det,
		jag vill inte,je ne veux pas,no quiero,ich will nicht,i don't want to,no i don't,i don't,no i don't want that`)
	add("filler", `there,again,you,so,much,very,a,lot,ratewise,everyone,all,guys,folks,mate,then,just,for now,please,pls,por favor,porfa,
		s' il vous plait,svp,bitte,schon,c' est bon,ca ira,ca va aller,c' est tout,thanks again,for allt,por todo,pour tout,fur alles,for everything,for your help,it,that,that's,thats,great,good,fine,i'm,im,que,tal,a todos,a vous,zusammen,da`)
	return m
}()

// smallTalkIntent returns the intent of a message made only of small-talk words, or "".
// A refusal wins ("no thanks" declines), then a farewell ("ok thanks bye" closes), then
// agreement ("yes thanks" agrees), then thanks, then a greeting.
func smallTalkIntent(a analysis) string {
	toks := a.toks
	if len(toks) == 0 || len(toks) > maxSmallTalk {
		return ""
	}
	seen := map[string]bool{}
	for i := 0; i < len(toks); {
		matched := false
		for n := min(4, len(toks)-i); n >= 1; n-- {
			if intent, ok := smallTalk[strings.Join(toks[i:i+n], " ")]; ok {
				seen[intent] = true
				i += n
				matched = true
				break
			}
		}
		if !matched {
			return ""
		}
	}
	switch {
	case seen[Deny]:
		return Deny
	case seen["farewell"]:
		return Thanks
	case seen[Affirm]:
		return Affirm
	case seen[Thanks]:
		return Thanks
	case seen[Greeting]:
		return Greeting
	}
	return ""
}
