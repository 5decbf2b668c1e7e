package web

import (
	"github.com/labstack/echo/v4"

	"ratewise"
)

// userKey is where the session middleware leaves the signed-in user's id.
const userKey = "ratewise.user_id"

// currentUserID returns the signed-in user's id, if any.
func currentUserID(c echo.Context) (int64, bool) {
	id, ok := c.Get(userKey).(int64)
	return id, ok && id > 0
}

// requireUser refuses requests without a signed-in user with 401.
func requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := currentUserID(c); !ok {
			return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "Sign in first.")
		}
		return next(c)
	}
}
