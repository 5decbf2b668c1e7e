// Package assistant is the conversation engine: conversations and messages in PostgreSQL, the
// event bus that carries every step of a turn to any instance (LISTEN/NOTIFY), the turn loop
// that lets a model call tools, the offline planner, the grounding guard, PII redaction and the
// handoff to a human.
//
// It must never let a model state a figure that no tool computed, never stand between a person
// and a human agent, and never import web: HTTP belongs to package web.
package assistant
