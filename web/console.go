package web

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/assistant"
)

// The support console (tag "console" in web/openapi.json): staff sign in through the same
// /api/v1/auth/login and reach /console and /api/v1/console/* by role. A consumer account
// reaches none of it: every console route answers it 404, as if it did not exist. Agents see
// the queue's masked previews and the conversations offered to or held by them; supervisors
// and admins see every conversation, the audit log, and may reveal masked data; admins see
// the staff list.

// staffKey is where requireStaff leaves the signed-in staff account.
const staffKey = "ratewise.staff"

func staffUser(c echo.Context) User {
	u, _ := c.Get(staffKey).(User)
	return u
}

func isSupervisor(u User) bool { return u.Role == RoleSupervisor || u.Role == RoleAdmin }

// actor is the staff member as the console's domain code knows them.
func (s *Server) actor(c echo.Context) assistant.Actor {
	u := staffUser(c)
	name := u.Name
	if st, err := s.deps.Console.StaffMember(c.Request().Context(), u.ID); err == nil && st.DisplayName != "" {
		name = st.DisplayName
	}
	if name == "" {
		name = strings.SplitN(u.Email, "@", 2)[0]
	}
	return assistant.Actor{ID: u.ID, Name: name, Supervisor: isSupervisor(u)}
}

// requireStaff lets staff through: signed out is 401, a consumer account 404.
func (s *Server) requireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, ok := currentUserID(c)
		if !ok {
			return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "Sign in first.")
		}
		u, err := s.users.ByID(c.Request().Context(), id)
		if err != nil {
			return err
		}
		if !IsStaffRole(u.Role) {
			return ratewise.NotFound("resource")
		}
		c.Set(staffKey, u)
		return next(c)
	}
}

// requireSupervisor refuses agents with 403: they know the console, not this part of it.
func requireSupervisor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !isSupervisor(staffUser(c)) {
			return ratewise.Errorf(ratewise.EFORBIDDEN, "Only supervisors and admins can do this.")
		}
		return next(c)
	}
}

func requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if staffUser(c).Role != RoleAdmin {
			return ratewise.Errorf(ratewise.EFORBIDDEN, "Only admins can do this.")
		}
		return next(c)
	}
}

func (s *Server) consoleRoutes() {
	if s.deps.Console == nil || s.pool == nil {
		return
	}
	s.echo.GET("/console", s.consolePage)
	s.echo.GET("/console/*", s.consolePage)
	g := s.echo.Group("/api/v1/console", s.requireStaff)
	g.GET("/status", s.consoleStatus)
	g.POST("/status", s.setConsoleStatus)
	g.GET("/queue", s.consoleQueue)
	g.GET("/offers", s.consoleOffers)
	g.POST("/offers/:id/accept", s.acceptOffer)
	g.POST("/offers/:id/decline", s.declineOffer)
	g.GET("/conversations", s.heldConversations)
	g.GET("/conversations/:id", s.consoleConversation)
	g.POST("/conversations/:id/claim", s.claimConversation)
	g.POST("/conversations/:id/messages", s.agentMessage)
	g.POST("/conversations/:id/notes", s.addNote)
	g.POST("/conversations/:id/typing", s.agentTyping)
	g.POST("/conversations/:id/release", s.releaseConversation)
	g.POST("/conversations/:id/close", s.closeConversation)
	g.POST("/conversations/:id/reveal", s.reveal, requireSupervisor)
	g.GET("/canned", s.cannedReplies)
	g.POST("/canned", s.addCannedReply, requireSupervisor)
	g.POST("/messages/:id/review", s.reviewMessage)
	g.GET("/reviews", s.reviewQueue)
	g.GET("/metrics", s.consoleMetrics)
	g.GET("/audit", s.auditLog, requireSupervisor)
	g.GET("/staff", s.staffList, requireAdmin)
	const events = "/api/v1/console/events"
	s.streamRoutes[events] = true
	s.echo.GET(events, s.consoleEvents, s.requireStaff)
}

// consolePage serves the console's shell to staff. A signed-out visitor is sent to sign in;
// a consumer gets 404, as for any page that does not exist.
func (s *Server) consolePage(c echo.Context) error {
	id, ok := currentUserID(c)
	if !ok {
		return signInFirst(c)
	}
	u, err := s.users.ByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if !IsStaffRole(u.Role) {
		return ratewise.NotFound("page")
	}
	if _, ok := s.pages.tmpl["console"]; ok {
		return s.render(c, http.StatusOK, "console", pageData{Title: "Console", User: &u})
	}
	return c.HTML(http.StatusOK, minimalConsole)
}

// minimalConsole stands in for the console page until its template exists.
const minimalConsole = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console · Ratewise</title></head>
<body><main id="main"><h1>Ratewise console</h1><p>The console API is at /api/v1/console (see /api/v1/openapi.json).</p></main></body></html>`

// The console's shell is a page template like the consumer pages' (static/templates/console.html),
// rendered only when it is there.
func init() {
	if _, err := fs.Stat(staticFiles, "static/templates/console.html"); err == nil {
		pageNames = append(pageNames, "console")
	}
}

func pathID(c echo.Context, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ratewise.NotFound(what)
	}
	return id, nil
}

type statusRequest struct {
	Status   string `json:"status"`
	Capacity *int   `json:"capacity"`
}

type statusJSON struct {
	assistant.Staff
	HeartbeatSeconds        int `json:"heartbeat_seconds"`
	HeartbeatTimeoutSeconds int `json:"heartbeat_timeout_seconds"`
}

func (s *Server) statusJSON(st assistant.Staff) statusJSON {
	if st.Languages == nil {
		st.Languages = []string{}
	}
	if st.Skills == nil {
		st.Skills = []string{}
	}
	timeout := int(s.deps.Console.Settings().HeartbeatTimeout.Seconds())
	return statusJSON{Staff: st, HeartbeatSeconds: max(1, timeout/3), HeartbeatTimeoutSeconds: timeout}
}

func (s *Server) consoleStatus(c echo.Context) error {
	a := s.actor(c)
	st, err := s.deps.Console.StaffMember(c.Request().Context(), a.ID)
	if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
		st, err = assistant.Staff{ID: a.ID, DisplayName: a.Name, Languages: []string{}, Skills: []string{}, Capacity: 3, Presence: assistant.PresenceOffline}, nil
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.statusJSON(st))
}

// setConsoleStatus sets presence; the open console calls it as its heartbeat.
func (s *Server) setConsoleStatus(c echo.Context) error {
	var req statusRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	st, err := s.deps.Console.SetPresence(c.Request().Context(), s.actor(c), req.Status, req.Capacity)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.statusJSON(st))
}

func (s *Server) consoleQueue(c echo.Context) error {
	q, err := s.deps.Console.Queue(c.Request().Context())
	if err != nil {
		return err
	}
	if q == nil {
		q = []assistant.QueueItem{}
	}
	return c.JSON(http.StatusOK, map[string]any{"conversations": q})
}

func (s *Server) consoleOffers(c echo.Context) error {
	os, err := s.deps.Console.Offers(c.Request().Context(), s.actor(c))
	if err != nil {
		return err
	}
	if os == nil {
		os = []assistant.OfferCreated{}
	}
	return c.JSON(http.StatusOK, map[string]any{"offers": os})
}

func (s *Server) acceptOffer(c echo.Context) error {
	id, err := pathID(c, "offer")
	if err != nil {
		return err
	}
	conv, err := s.deps.Console.Accept(c.Request().Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"conversation_id": conv, "state": assistant.StateAssigned})
}

type declineRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) declineOffer(c echo.Context) error {
	id, err := pathID(c, "offer")
	if err != nil {
		return err
	}
	var req declineRequest
	if c.Request().ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	if err := s.deps.Console.Decline(c.Request().Context(), s.actor(c), id, strings.TrimSpace(req.Reason)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"offer_id": id, "state": "declined"})
}

func (s *Server) heldConversations(c echo.Context) error {
	list, err := s.deps.Console.Held(c.Request().Context(), s.actor(c), c.QueryParam("all") == "true")
	if err != nil {
		return err
	}
	if list == nil {
		list = []assistant.HeldConversation{}
	}
	return c.JSON(http.StatusOK, map[string]any{"conversations": list})
}

func (s *Server) consoleConversation(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	v, err := s.deps.Console.ViewConversation(c.Request().Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) claimConversation(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	if err := s.deps.Console.Claim(c.Request().Context(), s.actor(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"conversation_id": id, "state": assistant.StateAssigned})
}

func (s *Server) agentMessage(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	var req postMessageRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.deps.Console.Reply(c.Request().Context(), s.actor(c), id, req.Text, req.ClientID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"message": m})
}

type noteRequest struct {
	Text string `json:"text"`
}

func (s *Server) addNote(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	var req noteRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	n, err := s.deps.Console.AddNote(c.Request().Context(), s.actor(c), id, req.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"note": n})
}

type typingRequest struct {
	Active *bool `json:"active"`
}

func (r typingRequest) Validate() error {
	if r.Active == nil {
		return ratewise.Invalid("active", "active is required: true while typing, false when stopped.")
	}
	return nil
}

func (s *Server) agentTyping(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	var req typingRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	if err := s.deps.Console.Typing(c.Request().Context(), s.actor(c), id, *req.Active); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// consumerTyping is the consumer's typing indicator, shown to the agent holding the
// conversation.
func (s *Server) consumerTyping(c echo.Context) error {
	uid, _ := currentUserID(c)
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	var req typingRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	if err := s.deps.Assistant.ConsumerTyping(c.Request().Context(), uid, id, *req.Active); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type releaseRequest struct {
	Note string `json:"note"`
}

func (s *Server) releaseConversation(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	var req releaseRequest
	if c.Request().ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	if err := s.deps.Console.Release(c.Request().Context(), s.actor(c), id, req.Note); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"conversation_id": id, "state": assistant.StateBot})
}

type closeRequest struct {
	Resolution string `json:"resolution"`
}

func (s *Server) closeConversation(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	var req closeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.deps.Console.Close(c.Request().Context(), s.actor(c), id, req.Resolution); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"conversation_id": id, "state": assistant.StateClosed, "resolution": req.Resolution})
}

type revealRequest struct {
	MessageID int64  `json:"message_id"`
	Field     string `json:"field"`
	Reason    string `json:"reason"`
}

// reveal shows a supervisor one masked field of one message of the conversation in the path.
func (s *Server) reveal(c echo.Context) error {
	id, err := pathID(c, "conversation")
	if err != nil {
		return err
	}
	var req revealRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.MessageID <= 0 {
		return ratewise.Invalid("message_id", "message_id is required.")
	}
	ctx := c.Request().Context()
	a := s.actor(c)
	v, err := s.deps.Console.Reveal(ctx, a, id, req.MessageID, req.Field, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"message_id": req.MessageID, "field": req.Field, "value": v})
}

func (s *Server) cannedReplies(c echo.Context) error {
	rs, err := s.deps.Console.CannedReplies(c.Request().Context())
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []assistant.CannedReply{}
	}
	return c.JSON(http.StatusOK, map[string]any{"canned": rs, "placeholders": assistant.Placeholders})
}

type cannedRequest struct {
	Shortcut string `json:"shortcut"`
	Text     string `json:"text"`
}

func (s *Server) addCannedReply(c echo.Context) error {
	var req cannedRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := s.deps.Console.AddCannedReply(c.Request().Context(), s.actor(c), req.Shortcut, req.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"canned": r})
}

type reviewRequest struct {
	Rating string   `json:"rating"`
	Labels []string `json:"labels"`
	Note   string   `json:"note"`
}

func (s *Server) reviewMessage(c echo.Context) error {
	id, err := pathID(c, "message")
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := s.deps.Console.ReviewMessage(c.Request().Context(), s.actor(c), id, req.Rating, req.Labels, req.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"review": r})
}

func queryInt(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ratewise.Invalid(name, "%s is a whole number.", name)
	}
	return n, nil
}

// reviewQueue is for supervisors; an agent sees the queue of the conversations they hold
// through the conversation view instead.
func (s *Server) reviewQueue(c echo.Context) error {
	if !isSupervisor(staffUser(c)) {
		return ratewise.Errorf(ratewise.EFORBIDDEN, "Only supervisors and admins see the review queue.")
	}
	before, err := queryInt(c, "before")
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	items, err := s.deps.Console.ReviewQueue(c.Request().Context(), c.QueryParam("status"), before, int(limit))
	if err != nil {
		return err
	}
	if items == nil {
		items = []assistant.ReviewItem{}
	}
	return c.JSON(http.StatusOK, map[string]any{"reviews": items, "labels": assistant.ReviewLabels})
}

func (s *Server) consoleMetrics(c echo.Context) error {
	w := c.QueryParam("window")
	if w == "" {
		w = "24h"
	}
	m, err := s.deps.Console.ConsoleMetrics(c.Request().Context(), w)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (s *Server) auditLog(c echo.Context) error {
	before, err := queryInt(c, "before")
	if err != nil {
		return err
	}
	conv, err := queryInt(c, "conversation_id")
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	action := c.QueryParam("action")
	if action != "" && action != "view" && action != "reveal" {
		return ratewise.Invalid("action", "action is view or reveal.")
	}
	es, err := s.deps.Console.AuditLog(c.Request().Context(), assistant.AuditFilter{Before: before, ConversationID: conv, Action: action, Limit: int(limit)})
	if err != nil {
		return err
	}
	if es == nil {
		es = []assistant.AuditEntry{}
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": es})
}

type staffJSON struct {
	assistant.Staff
	Email string `json:"email"`
	Role  string `json:"role"`
}

func (s *Server) staffList(c echo.Context) error {
	ctx := c.Request().Context()
	list, err := s.deps.Console.StaffList(ctx)
	if err != nil {
		return err
	}
	out := make([]staffJSON, 0, len(list))
	for _, st := range list {
		u, err := s.users.ByID(ctx, st.ID)
		if err != nil {
			return err
		}
		if st.Skills == nil {
			st.Skills = []string{}
		}
		out = append(out, staffJSON{Staff: st, Email: u.Email, Role: u.Role})
	}
	return c.JSON(http.StatusOK, map[string]any{"staff": out})
}
