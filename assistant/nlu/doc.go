// Package nlu is the assistant's understanding of one user message: which of a fixed set of
// intents it expresses, the slots it states (product, amount, rate, term, payment, premium,
// region, which shown offer, which finance term) and the language it is written in.
//
// The intent classifier and the language identifier are learned, in Go and offline, from the
// labelled corpus embedded in corpus/train.jsonl; they are trained once, at first use, in a few
// hundred milliseconds, so the corpus is the only source of truth and there is no generated model
// file to drift from it. Slots are read by rules, which are more precise than a model for numbers,
// currencies and names. A small set of phrase lexicons backs the model up where a miss costs most:
// a sign of self-harm, fraud that has happened, a death, hardship or illness, and a plain request
// for a person are never left to the model alone.
//
// The package must stay free of I/O, network and model downloads, and deterministic: the same
// corpus and the same message always give the same Result. It decides nothing about what the
// assistant says or does; the caller maps intents to actions.
package nlu
