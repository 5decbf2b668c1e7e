package assistant

import (
	"context"

	"ratewise"
	"ratewise/retrieval"
)

// knowledgeArgs are lookup_knowledge's arguments.
type knowledgeArgs struct {
	Query string `json:"query" description:"the term or question, in the user's words"`
}

type passage struct {
	Title   string `json:"title"`
	Heading string `json:"heading,omitempty"`
	Snippet string `json:"snippet"`
	// Lead is the opening of the best article — its short answer — as plain text: what a
	// "what is …?" question wants, where Snippet is the part that matched the query's words.
	Lead   string `json:"lead,omitempty"`
	Source string `json:"source"`
	URL    string `json:"url"`
}

// articleReader is implemented by *retrieval.Index: it gives a whole article for its lead.
type articleReader interface {
	Article(ctx context.Context, slug string) (retrieval.StoredArticle, error)
}

// maxLead bounds an article's lead, in characters.
const maxLead = 320

// articleLead returns the opening of an article's first section with text, as plain text.
func articleLead(body string) string {
	for _, c := range retrieval.Split(body) {
		if lead := retrieval.Snippet(c.Text, "", maxLead); len(lead) > 40 {
			return lead
		}
	}
	return ""
}

func (t *Tools) lookup(a knowledgeArgs) (pendingCall, error) {
	q, ok := toolQuery(a.Query)
	if q == "" || !ok {
		return pendingCall{}, ratewise.Invalid("query", "query must be 1 to %d characters.", retrieval.MaxQueryLen)
	}
	if t.Search == nil {
		return pendingCall{}, ratewise.Errorf(ratewise.EUNAVAILABLE, "The knowledge base is not available.")
	}
	return pendingCall{Label: genericLabel(ToolLookupKnowledge), exec: func(ctx context.Context) (toolResult, error) {
		hits, err := t.Search.Search(ctx, retrieval.Query{Text: q, Kind: retrieval.KindKB, Limit: 3})
		if err != nil {
			return toolResult{}, err
		}
		ps := []passage{}
		var cites []Citation
		seen := map[string]bool{}
		for _, h := range hits {
			// A passage that gives the assistant instructions is not served: guides and
			// offers are data, and neither the model nor the planner should read it out.
			if looksLikeInjection(h.Title) || looksLikeInjection(h.Snippet) {
				continue
			}
			p := passage{Title: h.Title, Heading: h.Heading, Snippet: h.Snippet, Source: h.Source, URL: h.URL()}
			if ar, ok := t.Search.(articleReader); ok && len(ps) == 0 && h.Source == retrieval.KindKB {
				if a, err := ar.Article(ctx, h.Slug); err == nil {
					if lead := articleLead(a.Body); !looksLikeInjection(lead) {
						p.Lead = lead
					}
				}
			}
			ps = append(ps, p)
			if !seen[h.Key] {
				seen[h.Key] = true
				cites = append(cites, Citation{Source: h.Source, Slug: h.Slug, OfferID: h.OfferID, Title: h.Title, URL: h.URL()})
			}
		}
		r, err := jsonResult(map[string]any{"passages": ps})
		r.Citations = cites
		r.Summary = "Found " + plural(len(ps), "passage", "passages") + " in our guides"
		if len(ps) > 0 {
			r.Summary += "; best match: “" + ps[0].Title + "”"
		}
		return r, err
	}}, nil
}
