package app

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"wallboard/views"
)

// inputError is bad input in a request: a 400 that names the field at fault, such as
// "metrics[3].value", or no field when the body as a whole is at fault.
type inputError struct {
	Field string
	Msg   string
}

func (e *inputError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// badInput returns an *inputError for field.
func badInput(field, format string, args ...any) *inputError {
	return &inputError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON body of an API error.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// handleError answers every error a handler returns, and those Fiber and fasthttp raise
// themselves (404, 405, 413, 431): JSON under /api/, an HTML page elsewhere. It is the one place
// where a failed request is logged.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	status, body := classify(err)
	if le := (*limitError)(nil); errors.As(err, &le) {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retryAfterSeconds(le.retryAfter)))
	}
	if status >= http.StatusInternalServerError {
		s.Log.Error("request failed", "method", c.Method(), "path", redactPath(c.Path()), "status", status, "error", err)
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		s.Metrics.rejected.WithLabelValues(rejectReason(status)).Inc()
		if status == http.StatusUnauthorized {
			c.Set(fiber.HeaderWWWAuthenticate, "Bearer")
		}
		return c.Status(status).JSON(body)
	}
	if ae := (*accessError)(nil); errors.As(err, &ae) {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return s.render(c.Status(status), views.AccessPage(views.AccessView{Page: s.page("No access"),
			Reason: ae.Reason, Next: c.OriginalURL()}))
	}
	return s.render(c.Status(status), views.ErrorPage(views.ErrorView{
		Page:    s.page(http.StatusText(status)),
		Status:  status,
		Message: body.Error,
	}))
}

// classify maps an error to its status and the body that explains it. Messages of 5xx errors
// stay in the log: they can hold paths and SQL.
func classify(err error) (int, errorBody) {
	var in *inputError
	var fe *fiber.Error
	var le *limitError
	var ae *accessError
	switch {
	case errors.As(err, &ae):
		return http.StatusForbidden, errorBody{Error: ae.Error()}
	case errors.As(err, &le):
		return http.StatusTooManyRequests, errorBody{Error: le.msg}
	case errors.As(err, &in):
		return http.StatusBadRequest, errorBody{Error: in.Msg, Field: in.Field}
	case errors.As(err, &fe) && fe.Code == http.StatusRequestEntityTooLarge:
		return fe.Code, errorBody{Error: fmt.Sprintf("request body is larger than %d bytes", BodyLimit)}
	case errors.As(err, &fe) && fe.Code == http.StatusNotFound:
		return fe.Code, errorBody{Error: "not found"}
	case errors.As(err, &fe) && fe.Code < http.StatusInternalServerError:
		return fe.Code, errorBody{Error: strings.ToLower(fe.Message)}
	case errors.As(err, &fe):
		return fe.Code, errorBody{Error: strings.ToLower(http.StatusText(fe.Code))}
	default:
		return http.StatusInternalServerError, errorBody{Error: "internal server error"}
	}
}

// redactPath hides the token of a share link (/s/{token}) from logs.
func redactPath(path string) string {
	if strings.HasPrefix(path, "/s/") {
		return "/s/…"
	}
	return path
}
