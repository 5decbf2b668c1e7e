package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/offers"
)

// The consumer's holdings (tag "holdings" in web/openapi.json). A holding belongs to the signed-in user; any
// other id, someone else's included, is a 404.

func (s *Server) holdingRoutes() {
	if s.deps.Offers == nil {
		return
	}
	g := s.echo.Group("/api/v1/holdings", requireUser)
	g.GET("", s.listHoldings)
	g.POST("", s.createHolding)
	g.PATCH("/:id", s.updateHolding)
	g.DELETE("/:id", s.deleteHolding)
}

// holdingID reads the :id parameter; anything that is not a positive number names no holding.
func holdingID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ratewise.NotFound("holding")
	}
	return id, nil
}

func (s *Server) listHoldings(c echo.Context) error {
	uid, _ := currentUserID(c)
	hs, err := s.deps.Offers.Holdings(c.Request().Context(), uid)
	if err != nil {
		return err
	}
	if hs == nil {
		hs = []offers.Holding{}
	}
	return c.JSON(http.StatusOK, map[string][]offers.Holding{"holdings": hs})
}

func (s *Server) createHolding(c echo.Context) error {
	var h offers.Holding
	if err := bindJSON(c, &h); err != nil {
		return err
	}
	// Whatever the body says, these are the server's to set.
	h.ID, h.UserID, h.CreatedAt, h.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	uid, _ := currentUserID(c)
	out, err := s.deps.Offers.CreateHolding(c.Request().Context(), uid, h)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]offers.Holding{"holding": out})
}

func (s *Server) updateHolding(c echo.Context) error {
	id, err := holdingID(c)
	if err != nil {
		return err
	}
	var u offers.HoldingUpdate
	if err := bindJSON(c, &u); err != nil {
		return err
	}
	uid, _ := currentUserID(c)
	out, err := s.deps.Offers.UpdateHolding(c.Request().Context(), uid, id, u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]offers.Holding{"holding": out})
}

func (s *Server) deleteHolding(c echo.Context) error {
	id, err := holdingID(c)
	if err != nil {
		return err
	}
	uid, _ := currentUserID(c)
	if err := s.deps.Offers.DeleteHolding(c.Request().Context(), uid, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
