// Package nlu is the assistant's understanding of one user message: which of a fixed set of
// intents it expresses (see Intents), the slots it states (product, amount, currency, rate,
// term, payment, premium and its period, region, which shown offer, which finance term) and
// the language it is written in.
//
// The intent classifier (a multinomial logistic regression over words, word pairs, character
// n-grams and flags: the shape of the slots, figures that are nobody's loan, what the rules
// found, and concepts — groups of words that mean one thing in each language, such as a death,
// a means of self-harm or a payment nobody made, so that what one language or one writer
// teaches counts for the others' words) and the language identifier (naive Bayes over character n-grams) are learned, in Go
// and offline, from the labelled corpus embedded in corpus/train.jsonl. They are trained once,
// at first use, in a few seconds: the corpus is the one source of truth and there is no
// generated model file to drift from it. Slots are read by rules, which are exact where a
// model would guess: numbers in every format (and the ones that are a phone number, a time, a
// credit score, a fee or a sum lost rather than a loan's), currencies, units, places, names.
// The names of the catalogue's partners and offers can be given at run time (WithNames).
//
// Rules also stand where a miss costs most or a lookup is simply right. In order:
//   - a phrase that signals self-harm decides, whatever else the message says;
//   - a phrase of illness or abuse wins over a reading of fraud or hardship (credit a
//     controlling partner took out in the victim's name is abuse);
//   - a sensitive reading of the classifier stands, and otherwise a phrase that says fraud,
//     a death, illness or abuse, or hardship has happened makes the message sensitive;
//   - a request for a person ("agent", "can someone call me?", "quiero hablar con alguien",
//     or a person word, a verb of contacting or helping and a word that asks, in one
//     sentence) decides over any finance question, unless it is about a named partner's own
//     staff ("will someone from Thistle call me?") or a shown offer's ("does the second one
//     come with an adviser?"), which the classifier decides; a person turned down ("no, I
//     don't need anyone") or a name given ("call me Sam") asks for no one;
//   - a message that is only a greeting, thanks, yes or no is read by lookup.
//
// Discussing a topic is not a crisis: the lexicons describe events ("my card was stolen"),
// not topics ("how do I avoid scams?"); a phrase that stands only in a hypothetical ("what
// happens if I can't pay?"), a definition ("what does arrears mean?") or a question in
// general is set aside, sentence by sentence, except for self-harm; and a classifier guess of
// a crisis that rests on a figure of speech ("my car died", "I'm dying to know") is overruled.
//
// The package must stay free of I/O, network and model downloads, and deterministic: the same
// corpus and the same message always give the same Result. It decides nothing about what the
// assistant says or does; the caller maps intents to actions. Evaluate and CrossValidate
// measure it against labelled examples (see Report for the definitions); CrossValidateByWriter
// holds out whole writers, the nearest the corpus comes to messages nobody tuned on. Each
// round's held-out split is measured once (HeldoutPath) and then folded into the corpus.
package nlu
