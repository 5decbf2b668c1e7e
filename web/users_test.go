package web

import (
	"context"
	"net/http"
	"testing"

	"ratewise"
)

// The account store serves the commands as it serves the handlers: an account made without a
// password cannot sign in with any password, an email is taken once whatever its case, and a
// deleted account is gone.
func TestUsersStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newTestServer(t)
	users := s.users
	u, err := users.CreateWithoutPassword(ctx, "eval-x@ratewise.invalid", "Eval")
	if err != nil || u.Role != RoleConsumer {
		t.Fatalf("CreateWithoutPassword = %+v, %v", u, err)
	}
	for _, pw := range []string{"!", "", "correct horse battery staple"} {
		rec, _ := do(t, s, http.MethodPost, "/api/v1/auth/login", `{"email":"eval-x@ratewise.invalid","password":"`+pw+`"}`)
		if rec.Code == http.StatusOK {
			t.Errorf("signed in to a password-less account with %q", pw)
		}
	}
	if _, err := users.CreateWithoutPassword(ctx, "EVAL-X@ratewise.invalid", "Again"); ratewise.ErrorCode(err) != ratewise.ECONFLICT {
		t.Errorf("same email in other case: %v, want conflict", err)
	}
	if err := users.Delete(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := users.ByID(ctx, u.ID); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("ByID after Delete: %v, want not found", err)
	}
	if err := users.Delete(ctx, u.ID); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("second Delete: %v, want not found", err)
	}
}
