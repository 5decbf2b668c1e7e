package web

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPI is the OpenAPI 3.1 document of every route the server registers: the JSON API, the
// event stream, the pages and the operations endpoints. Tests hold it to the code both ways:
// every registered route is documented and every documented one registered, and every
// response the tests see matches the schema documented for its route and status.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) openAPIDocument(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPI)
}
