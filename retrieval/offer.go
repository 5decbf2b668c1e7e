package retrieval

import (
	"fmt"
	"strings"
)

// OfferText is what the index needs of a catalogue offer. The composition root fills it from
// the offers package (retrieval does not import offers); amounts and rates arrive already
// formatted, because here they are only words to search.
type OfferText struct {
	ID          int64
	PartnerName string
	PartnerID   int64
	ExternalID  string
	Name        string
	ProductType string
	Regions     []string
	Active      bool
	Description string
	Terms       string
	Facts       []string // "Representative APR 12.85%", "Terms 24, 36 or 48 months", …
	Features    []string
	Exclusions  []string
}

// OfferDocument is an offer as an indexable source: its description, terms, key figures,
// features and exclusions as Markdown sections under the partner's and offer's names. The
// text changes whenever any of them does, so Upsert re-embeds exactly the changed offers.
func OfferDocument(o OfferText) Document {
	var b strings.Builder
	section := func(h, text string) {
		if text = strings.TrimSpace(text); text != "" {
			fmt.Fprintf(&b, "## %s\n%s\n\n", h, text)
		}
	}
	list := func(items []string) string {
		var l strings.Builder
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" {
				fmt.Fprintf(&l, "- %s\n", it)
			}
		}
		return l.String()
	}
	section("Description", o.Description)
	section("Terms", o.Terms)
	section("Key figures", list(o.Facts))
	section("Features", list(o.Features))
	section("Exclusions", list(o.Exclusions))
	return Document{
		Kind:        KindOffer,
		Key:         OfferKey(o.PartnerID, o.ExternalID),
		OfferID:     o.ID,
		Title:       o.PartnerName + " — " + o.Name,
		Body:        strings.TrimSpace(b.String()),
		ProductType: o.ProductType,
		Regions:     o.Regions,
		PartnerID:   o.PartnerID,
		Active:      o.Active,
	}
}

// Slug turns a name into a key part: lower-case words joined by hyphens ("Thistle & Oak
// Bank" → "thistle-oak-bank").
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
