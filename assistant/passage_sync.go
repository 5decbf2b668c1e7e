package assistant

import (
	"context"
	"log/slog"
	"time"

	"ratewise/offers"
	"ratewise/retrieval"
)

// OfferPassages returns the search passage of every offer in the catalogue.
//
// The catalogue's ids are read in one statement (one snapshot), then the offers by id in
// pages. Offset paging would not do: an offer deleted meanwhile shifts every later page, an
// existing offer falls between two pages, and a sync then drops its passages as if it were
// gone. Here an offer that exists throughout is always read; one deleted meanwhile is absent.
func OfferPassages(ctx context.Context, store *offers.Store) ([]retrieval.Document, error) {
	ids, err := store.OfferIDs(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	docs := make([]retrieval.Document, 0, len(ids))
	for start := 0; start < len(ids); start += offers.MaxOfferLimit {
		page, err := store.Offers(ctx, offers.OfferFilter{IDs: ids[start:min(start+offers.MaxOfferLimit, len(ids))]})
		if err != nil {
			return nil, err
		}
		for _, o := range page {
			docs = append(docs, OfferPassage(o, now))
		}
	}
	return docs, nil
}

// SyncOfferPassages makes the index's offer passages match the catalogue: new and changed
// offers are (re-)embedded, unchanged ones only get their filter fields (active window,
// regions) refreshed, and offers no longer in the catalogue are dropped. It returns what
// changed and how many passages were removed.
func SyncOfferPassages(ctx context.Context, store *offers.Store, ix *retrieval.Index) (retrieval.UpsertStats, int, error) {
	docs, err := OfferPassages(ctx, store)
	if err != nil {
		return retrieval.UpsertStats{}, 0, err
	}
	return ix.Sync(ctx, retrieval.KindOffer, docs)
}

// PassageRefresher keeps the index's offer passages in step with the catalogue when the
// catalogue changes through a path that does not sync at once (an import whose own sync
// failed, a row edited by hand). Each Step reads the catalogue's version and syncs only when
// it moved since the last successful sync; the version changes with every write to offers
// or partners and with every active window that opens or closes, so nothing is missed and
// an unchanged catalogue costs one cheap query.
type PassageRefresher struct {
	Store *offers.Store
	Index *retrieval.Index

	last   string
	synced bool
}

// RefreshResult is what one Step did.
type RefreshResult struct {
	Synced  bool
	Stats   retrieval.UpsertStats
	Removed int
}

// Step runs one check, and a sync when the catalogue moved.
func (r *PassageRefresher) Step(ctx context.Context) (RefreshResult, error) {
	// The version is read before the sync, so a change made during it is seen next time.
	v, err := r.Store.CatalogueVersion(ctx)
	if err != nil {
		return RefreshResult{}, err
	}
	if r.synced && v == r.last {
		return RefreshResult{}, nil
	}
	stats, removed, err := SyncOfferPassages(ctx, r.Store, r.Index)
	res := RefreshResult{Synced: true, Stats: stats, Removed: removed}
	if err != nil {
		return res, err
	}
	r.last, r.synced = v, true
	return res, nil
}

// Run calls Step every interval until ctx ends, logging what changed and any failure.
func (r *PassageRefresher) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := r.Step(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.WarnContext(ctx, "offer passages not refreshed", "err", err)
		case res.Stats.Added+res.Stats.Changed+res.Removed > 0:
			log.InfoContext(ctx, "offer passages refreshed", "added", res.Stats.Added, "changed", res.Stats.Changed, "removed", res.Removed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
