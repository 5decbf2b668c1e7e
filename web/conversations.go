package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/assistant"
)

// The consumer's conversations with the assistant (tag "conversations" in web/openapi.json). A conversation
// belongs to the signed-in user; anyone else's id is a 404.

func (s *Server) conversationRoutes() {
	if s.deps.Assistant == nil {
		return
	}
	g := s.echo.Group("/api/v1/conversations", requireUser, s.widgetScope)
	g.POST("", s.createConversation)
	g.GET("", s.listConversations)
	g.GET("/:id", s.getConversation)
	g.POST("/:id/messages", s.postMessage)
	g.POST("/:id/handoff", s.requestHandoff)
	g.POST("/:id/csat", s.rateConversation)
	g.POST("/:id/typing", s.consumerTyping)
	const events = "/api/v1/conversations/:id/events"
	s.streamRoutes[events] = true
	s.echo.GET(events, s.conversationEvents, requireUser, s.widgetScope)
}

func conversationID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ratewise.NotFound("conversation")
	}
	return id, nil
}

type conversationJSON struct {
	ID        int64     `json:"id"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Rated tells the page whether to offer the rating of a closed conversation.
	Rated bool `json:"rated"`
}

func toConversationJSON(c *assistant.Conversation) conversationJSON {
	return conversationJSON{ID: c.ID, State: c.State, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Rated: c.Rated}
}

func (s *Server) createConversation(c echo.Context) error {
	uid, _ := currentUserID(c)
	conv, err := s.deps.Assistant.CreateConversation(c.Request().Context(), uid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toConversationJSON(conv))
}

func (s *Server) listConversations(c echo.Context) error {
	uid, _ := currentUserID(c)
	cs, err := s.deps.Assistant.Store.Conversations(c.Request().Context(), uid, 50)
	if err != nil {
		return err
	}
	out := make([]conversationJSON, 0, len(cs))
	w := widgetSession(c)
	for _, conv := range cs {
		if w != nil && conv.ID != w.Conversation {
			continue // a widget session sees its own conversation only
		}
		out = append(out, toConversationJSON(conv))
	}
	return c.JSON(http.StatusOK, map[string]any{"conversations": out})
}

// getConversation answers a conversation with one page of its transcript: the newest
// Config.TranscriptPage messages by default, older pages with ?before=<the oldest id shown>;
// more says whether older messages remain.
func (s *Server) getConversation(c echo.Context) error {
	uid, _ := currentUserID(c)
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	before, err := queryInt(c, "before")
	if err != nil {
		return err
	}
	limit := int64(s.cfg.TranscriptPage)
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > int64(s.cfg.TranscriptPage) {
			return ratewise.Invalid("limit", "limit must be a whole number from 1 to %d.", s.cfg.TranscriptPage)
		}
		limit = n
	}
	ctx := c.Request().Context()
	conv, err := s.deps.Assistant.Store.Conversation(ctx, uid, id)
	if err != nil {
		return err
	}
	msgs, more, err := s.deps.Assistant.Store.MessagePage(ctx, id, before, int(limit))
	if err != nil {
		return err
	}
	if msgs == nil {
		msgs = []*assistant.Message{}
	}
	out := map[string]any{"id": conv.ID, "state": conv.State,
		"created_at": conv.CreatedAt, "updated_at": conv.UpdatedAt, "rated": conv.Rated, "messages": msgs, "more": more}
	if more {
		out["next_before"] = msgs[0].ID
	}
	return c.JSON(http.StatusOK, out)
}

type postMessageRequest struct {
	Text     string `json:"text"`
	ClientID string `json:"client_id"`
}

// postMessage commits the user's message and queues its turn, then answers 202 while the turn
// runs, or with ?wait=true 200 with the replies once the turn is over — unless it is still
// running after Config.MessageWait (shorter than the write timeout), when the answer is 202
// with the message all the same and the replies arrive on the event stream. A retried
// client_id is answered the same way, about the first message's turn.
func (s *Server) postMessage(c echo.Context) error {
	res, wait, err := s.acceptMessage(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	eng := s.deps.Assistant
	if !wait {
		return c.JSON(http.StatusAccepted, map[string]any{"message": res.Message})
	}
	waitCtx, cancel := context.WithTimeout(ctx, s.cfg.MessageWait)
	defer cancel()
	replies, done, err := eng.AwaitTurn(waitCtx, res.Message.ConversationID, res.Message.ID)
	if err != nil {
		return err
	}
	if !done {
		return c.JSON(http.StatusAccepted, map[string]any{"message": res.Message})
	}
	if replies == nil {
		replies = []*assistant.Message{}
	}
	return c.JSON(http.StatusOK, map[string]any{"message": res.Message, "replies": replies})
}

// acceptMessage stores the posted message (PostAdmitted) and says whether the client waits
// for its turn.
func (s *Server) acceptMessage(c echo.Context) (res assistant.PostResult, wait bool, err error) {
	uid, _ := currentUserID(c)
	// A request signed in by its session's hint alone has its session checked in the
	// transaction, in the same round trip as the conversation's lock (deferredSession); when
	// the request fails before that, the check is made on its own, so a request whose session
	// has ended is told so first, as the middleware would have.
	h, deferred := c.Get(deferredSessionKey).([]byte)
	checked := false
	defer func() {
		if err != nil && deferred && !checked {
			if _, _, lerr := s.sessions.lookup(c.Request().Context(), sessionToken(c)); lerr != nil {
				if ratewise.ErrorCode(lerr) == ratewise.ENOTFOUND {
					clearSessionCookie(c)
					lerr = ratewise.Errorf(ratewise.EUNAUTHENTICATED, "Sign in first.")
				}
				err = lerr
			}
		}
	}()
	id, err := conversationID(c)
	if err != nil {
		return res, false, err
	}
	var req postMessageRequest
	if err := bindJSON(c, &req); err != nil {
		return res, false, err
	}
	wait = c.QueryParam("wait") == "true" || c.QueryParam("wait") == "1"
	var signedIn assistant.Admission
	if deferred {
		signedIn = func(b *pgx.Batch) func() error {
			checked = true
			return s.queueSessionCheck(c, b, h, uid)
		}
	}
	// Each new message may cost a model call: a consumer sends at most MessagesPerMinute. The
	// slot is taken while the conversation is locked for the new message, so parallel requests
	// cannot pass the limit together; a retry of a stored message takes none.
	res, err = s.deps.Assistant.PostAdmitted(c.Request().Context(), uid, id, req.Text, req.ClientID, signedIn, func(b *pgx.Batch) func() error {
		wait := queueTake(b, time.Minute, counter{"messages:" + strconv.FormatInt(uid, 10), s.cfg.MessagesPerMinute})
		return func() error {
			secs := wait()
			if secs == 0 {
				return nil
			}
			return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED,
				"You are sending messages faster than we can answer them. Try again in %s.", inWords(secs))}
		}
	})
	return res, wait, err
}

type handoffRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) requestHandoff(c echo.Context) error {
	uid, _ := currentUserID(c)
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	var req handoffRequest
	if c.Request().ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	st, err := s.deps.Assistant.RequestHandoff(c.Request().Context(), uid, id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

type csatRequest struct {
	Score   *int   `json:"score"`
	Comment string `json:"comment"`
}

// rateConversation stores the consumer's 1–5 rating. Only a closed conversation takes one (a
// 409 conflict before): the rating is of the whole conversation, offered when it ends.
func (s *Server) rateConversation(c echo.Context) error {
	uid, _ := currentUserID(c)
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	var req csatRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.Score == nil {
		return ratewise.Invalid("score", "score is required: a whole number from 1 to 5.")
	}
	if err := s.deps.Assistant.Rate(c.Request().Context(), uid, id, *req.Score, req.Comment); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"score": *req.Score})
}
