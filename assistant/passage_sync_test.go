package assistant

import (
	"context"
	"testing"

	"ratewise/offers"
)

// The refresher syncs the offer passages when the catalogue moved, whatever moved it, and
// does nothing while it stands still.
func TestPassageRefresherFollowsTheCatalogue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := demoPool(t)
	r := &PassageRefresher{Store: offers.NewStore(pool), Index: localIndex(pool)}
	step := func() RefreshResult {
		t.Helper()
		res, err := r.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := step(); !res.Synced || res.Stats.Unchanged != 151 {
		t.Fatalf("first step: %+v; want the 151 seeded passages checked", res)
	}
	if res := step(); res.Synced {
		t.Error("second step with no change synced again")
	}
	// A hand edit that leaves updated_at alone is a change all the same.
	if _, err := pool.Exec(ctx, `UPDATE offers SET description = 'Pet insurance for cats and dogs.' WHERE external_id = 'bmi-ti-01'`); err != nil {
		t.Fatal(err)
	}
	if res := step(); !res.Synced || res.Stats.Changed != 1 {
		t.Errorf("after an edit: %+v; want one changed", res)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM offers WHERE external_id = 'bmi-ti-01'`); err != nil {
		t.Fatal(err)
	}
	if res := step(); !res.Synced || res.Removed != 1 {
		t.Errorf("after a delete: %+v; want one removed", res)
	}
	// An offer whose active window has closed stays indexed, filtered out as inactive.
	if _, err := pool.Exec(ctx, `UPDATE offers SET active_until = now() - interval '1 day' WHERE id = (SELECT min(id) FROM offers)`); err != nil {
		t.Fatal(err)
	}
	if res := step(); !res.Synced || res.Stats.Unchanged != 150 {
		t.Errorf("after an offer expired: %+v", res)
	}
	for range 3 {
		if res := step(); res.Synced {
			t.Fatal("synced with no change")
		}
	}
}
