package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/db"
	"ratewise/offers"
)

// statusOf is the one table from error kinds to HTTP statuses.
var statusOf = map[string]int{
	ratewise.EINVALID:         http.StatusBadRequest,
	ratewise.EUNAUTHENTICATED: http.StatusUnauthorized,
	ratewise.EFORBIDDEN:       http.StatusForbidden,
	ratewise.ENOTFOUND:        http.StatusNotFound,
	ratewise.ECONFLICT:        http.StatusConflict,
	ratewise.ETOOLARGE:        http.StatusRequestEntityTooLarge,
	ratewise.EUNPROCESSABLE:   http.StatusUnprocessableEntity,
	ratewise.ERATELIMITED:     http.StatusTooManyRequests,
	ratewise.EUNAVAILABLE:     http.StatusServiceUnavailable,
	ratewise.EINTERNAL:        http.StatusInternalServerError,
}

// codeOf maps statuses that echo itself produces back to kinds.
var codeOf = map[int]string{
	http.StatusBadRequest:            ratewise.EINVALID,
	http.StatusUnauthorized:          ratewise.EUNAUTHENTICATED,
	http.StatusForbidden:             ratewise.EFORBIDDEN,
	http.StatusNotFound:              ratewise.ENOTFOUND,
	http.StatusMethodNotAllowed:      ratewise.ENOTFOUND,
	http.StatusConflict:              ratewise.ECONFLICT,
	http.StatusRequestEntityTooLarge: ratewise.ETOOLARGE,
	http.StatusUnsupportedMediaType:  ratewise.EINVALID,
	http.StatusUnprocessableEntity:   ratewise.EUNPROCESSABLE,
	http.StatusTooManyRequests:       ratewise.ERATELIMITED,
	http.StatusServiceUnavailable:    ratewise.EUNAVAILABLE,
}

// ErrorBody is the error shape of every API error (Error in web/openapi.json).
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// RetryAfter, wrapped around a rate-limit error, sets the Retry-After header in seconds.
type RetryAfter struct {
	Seconds int
	Err     error
}

func (r *RetryAfter) Error() string { return r.Err.Error() }
func (r *RetryAfter) Unwrap() error { return r.Err }

// unavailableMessage is what a request gets while the database cannot be reached: the person
// stays signed in and is told to try again, not sent to the sign-in page.
const unavailableMessage = "Ratewise is briefly unavailable. Please try again in a minute."

// unavailableRetry is the Retry-After, in seconds, of a 503 that says nothing more precise.
const unavailableRetry = 30

// toAPIError turns any error a handler returns into a kind, a public message and a field.
func toAPIError(err error) (status int, d ErrorDetail) {
	var he *echo.HTTPError
	if errors.As(err, &he) && ratewise.ErrorCode(err) == ratewise.EINTERNAL {
		code, ok := codeOf[he.Code]
		if !ok {
			code = ratewise.EINTERNAL
		}
		msg := http.StatusText(he.Code)
		switch he.Code {
		case http.StatusNotFound:
			msg = "No such resource."
		case http.StatusMethodNotAllowed:
			msg = "No such resource."
			return http.StatusNotFound, ErrorDetail{Code: code, Message: msg}
		case http.StatusRequestEntityTooLarge:
			msg = "The request body is too large (the limit is 1 MiB)."
		case http.StatusUnsupportedMediaType:
			msg = "Send the request body as application/json."
		default:
			if s, ok := he.Message.(string); ok && he.Code < 500 {
				msg = s
			}
		}
		if he.Code >= 500 {
			return http.StatusInternalServerError, ErrorDetail{Code: ratewise.EINTERNAL, Message: "Internal error."}
		}
		return he.Code, ErrorDetail{Code: code, Message: msg}
	}
	code := ratewise.ErrorCode(err)
	if code == ratewise.EINTERNAL && db.IsUnavailable(err) {
		return http.StatusServiceUnavailable, ErrorDetail{Code: ratewise.EUNAVAILABLE, Message: unavailableMessage}
	}
	status, ok := statusOf[code]
	if !ok {
		status, code = http.StatusInternalServerError, ratewise.EINTERNAL
	}
	return status, ErrorDetail{Code: code, Message: ratewise.ErrorMessage(err), Field: ratewise.ErrorField(err)}
}

// errorHandler is echo's HTTPErrorHandler: the public message and request id to the client,
// the cause to the log.
func (s *Server) errorHandler(err error, c echo.Context) {
	status, d := toAPIError(err)
	d.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	if status >= 500 {
		s.log.ErrorContext(c.Request().Context(), "request failed",
			"method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if c.Response().Committed {
		return
	}
	var ra *RetryAfter
	if errors.As(err, &ra) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ra.Seconds))
	} else if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", strconv.Itoa(unavailableRetry))
	}
	if status == http.StatusServiceUnavailable && c.Request().Method == http.MethodGet && s.pages != nil &&
		!strings.HasPrefix(c.Request().URL.Path, "/api/") {
		// A page asked for during an outage says so, on the site's own layout.
		err = s.render(c, status, "unavailable", pageData{Title: "Briefly unavailable"})
	} else if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, ErrorBody{Error: d})
	}
	if err != nil {
		s.log.WarnContext(c.Request().Context(), "write error response", "err", err)
	}
}

// bindJSON decodes the request body into v strictly: unknown fields are ignored, but a
// malformed body or a field of the wrong type is a 400 naming the field.
func bindJSON(c echo.Context, v any) error {
	req := c.Request()
	if req.ContentLength == 0 {
		return ratewise.Invalid("", "The request body is empty; send a JSON object.")
	}
	ct := req.Header.Get(echo.HeaderContentType)
	if ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return ratewise.Invalid("", "Send the request body as application/json.")
	}
	dec := json.NewDecoder(req.Body)
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return ratewise.Invalid("", "The request body holds more than one JSON value.")
	}
	if field, ok := findNUL(reflect.ValueOf(v), ""); ok {
		return ratewise.Invalid(field, "A text in the request holds a NUL character, which is not allowed.")
	}
	return nil
}

// findNUL returns the JSON name of the first string in v that holds a NUL character ("\u0000"
// in JSON decodes to one, and no text column can store it). Invalid UTF-8 needs no check
// here: the decoder has already replaced it.
func findNUL(v reflect.Value, name string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return findNUL(v.Elem(), name)
	case reflect.String:
		return name, strings.ContainsRune(v.String(), 0)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			n := strings.Split(f.Tag.Get("json"), ",")[0]
			if n == "-" {
				continue
			}
			if n == "" {
				n = f.Name
			}
			if name != "" {
				n = name + "." + n
			}
			if field, ok := findNUL(v.Field(i), n); ok {
				return field, true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if field, ok := findNUL(v.Index(i), name); ok {
				return field, true
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if k.Kind() == reflect.String && strings.ContainsRune(k.String(), 0) {
				return name, true
			}
			if field, ok := findNUL(v.MapIndex(k), name); ok {
				return field, true
			}
		}
	}
	return "", false
}

// jsonError describes a decoding failure in words, with the field where it is known.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var maxErr *http.MaxBytesError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &maxErr):
		return ratewise.Errorf(ratewise.ETOOLARGE, "The request body is too large (the limit is 1 MiB).")
	case errors.As(err, &typeErr):
		return typeError(typeErr)
	case errors.As(err, &syntaxErr):
		return ratewise.Invalid("", "The request body is not valid JSON (at byte %d).", syntaxErr.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return ratewise.Invalid("", "The request body is not valid JSON (it ends too early).")
	case errors.Is(err, io.EOF):
		return ratewise.Invalid("", "The request body is empty; send a JSON object.")
	case errors.As(err, &timeErr):
		// time.Time reports no field; say at least what form it wants.
		return ratewise.Invalid("", "A date and time in the request body is not valid; write it like %s.", timeExample)
	default:
		// A type's own decoder refused a value without saying where.
		return ratewise.Invalid("", "A value in the request body is not in the form expected.")
	}
}

// typeError words a value of the wrong type: the whole body (no field) or one field.
func typeError(e *json.UnmarshalTypeError) error {
	want := describeType(e.Type)
	if e.Field == "" {
		if want == "an object" {
			return ratewise.Invalid("", "The request body must be a JSON object.")
		}
		return ratewise.Invalid("", "The request body must be %s.", want)
	}
	if got, ok := jsonKind(e.Value); ok {
		return ratewise.Invalid(e.Field, "Field %q must be %s, not a JSON %s.", e.Field, want, got)
	}
	// A type's own decoder described the value ("string that is not a date"); the wanted
	// form with an example says it better.
	return ratewise.Invalid(e.Field, "Field %q must be %s.", e.Field, want)
}

// jsonKind returns v when it is how encoding/json names a JSON value ("string", "number 1.5"),
// not a sentence from a type's own decoder.
func jsonKind(v string) (string, bool) {
	kind, rest, _ := strings.Cut(v, " ")
	switch kind {
	case "string", "bool", "array", "object":
		return v, rest == ""
	case "number":
		_, err := strconv.ParseFloat(rest, 64)
		return v, rest == "" || err == nil
	}
	return v, false
}

const timeExample = "2027-03-01T09:00:00Z"

// describeType says in words what a request field holds; money, rates and dates get an example
// of the form the API takes.
func describeType(t reflect.Type) string {
	if t == nil {
		return "a JSON value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[offers.Date]():
		return "a date like 2027-03-01"
	case reflect.TypeFor[offers.Money]():
		return `an amount like "15000.00"`
	case reflect.TypeFor[offers.Percent]():
		return `a percentage like "9.90"`
	case reflect.TypeFor[decimal.Decimal]():
		return `a decimal number like "15000.00"`
	case reflect.TypeFor[time.Time]():
		return "a date and time like " + timeExample
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	default:
		return "a JSON value"
	}
}
