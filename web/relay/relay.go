// Package relay is the baseline the load tool (ratewise loadtest) measures Ratewise against:
// the least an echo server needs to relay a chat model to a browser over Ratewise's HTTP
// contract — sign up, start a conversation, post a message (202), and an event stream with
// message.created, message.delta and message.completed. Everything lives in memory and every
// answer is one go-openai streaming call: no database, no tools, no guards, no durability.
// Whatever Ratewise adds to a turn's first token is measured against this.
package relay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	openai "github.com/sashabaranov/go-openai"
)

// subscriberBuffer is how many events a stream may fall behind before it is dropped.
const subscriberBuffer = 256

// Server is the relay.
type Server struct {
	echo   *echo.Echo
	client *openai.Client
	model  string

	mu       sync.Mutex
	nextID   int64
	users    map[string]int64 // email → user id
	sessions map[string]int64 // cookie → user id
	convs    map[int64]*conversation
}

type conversation struct {
	userID int64
	subs   map[chan event]struct{}
}

type event struct {
	typ  string
	data []byte
}

type message struct {
	ID        int64     `json:"id"`
	Role      string    `json:"role"`
	Text      string    `json:"text"`
	ReplyTo   int64     `json:"reply_to,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// New returns a relay answering with model at baseURL (…/v1) with apiKey.
func New(baseURL, apiKey, model string) *Server {
	cfg := openai.DefaultConfig(apiKey)
	cfg.BaseURL = baseURL
	s := &Server{echo: echo.New(), client: openai.NewClientWithConfig(cfg), model: model,
		users: map[string]int64{}, sessions: map[string]int64{}, convs: map[int64]*conversation{}}
	s.echo.HideBanner, s.echo.HidePort = true, true
	s.echo.POST("/api/v1/auth/signup", s.signup)
	s.echo.POST("/api/v1/auth/login", s.signup)
	api := s.echo.Group("/api/v1/conversations", s.signedIn)
	api.POST("", s.createConversation)
	api.POST("/:id/messages", s.postMessage)
	api.GET("/:id/events", s.events)
	return s
}

// Run serves on ln until ctx ends.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.echo, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) signup(c echo.Context) error {
	var req struct {
		Email string `json:"email"`
	}
	if err := c.Bind(&req); err != nil || req.Email == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "email is required")
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	s.mu.Lock()
	uid, ok := s.users[req.Email]
	if !ok {
		uid = s.id()
		s.users[req.Email] = uid
	}
	s.sessions[token] = uid
	s.mu.Unlock()
	c.SetCookie(&http.Cookie{Name: "session", Value: token, Path: "/", HttpOnly: true})
	status := http.StatusCreated
	if ok {
		status = http.StatusOK
	}
	return c.JSON(status, map[string]any{"id": uid, "email": req.Email})
}

func (s *Server) signedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie("session")
		if err != nil {
			return echo.NewHTTPError(http.StatusUnauthorized)
		}
		s.mu.Lock()
		uid, ok := s.sessions[ck.Value]
		s.mu.Unlock()
		if !ok {
			return echo.NewHTTPError(http.StatusUnauthorized)
		}
		c.Set("uid", uid)
		return next(c)
	}
}

// conversation returns the caller's conversation named in the path.
func (s *Server) conversation(c echo.Context) (int64, *conversation, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return 0, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	conv := s.convs[id]
	if conv == nil || conv.userID != c.Get("uid").(int64) {
		return 0, nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, conv, nil
}

func (s *Server) createConversation(c echo.Context) error {
	s.mu.Lock()
	id := s.id()
	s.convs[id] = &conversation{userID: c.Get("uid").(int64), subs: map[chan event]struct{}{}}
	s.mu.Unlock()
	return c.JSON(http.StatusCreated, map[string]any{"id": id, "state": "bot"})
}

// broadcast sends an event to the conversation's streams, dropping one that fell behind.
func (s *Server) broadcast(conv *conversation, typ string, data any) {
	raw, _ := json.Marshal(data)
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range conv.subs {
		select {
		case ch <- event{typ, raw}:
		default:
			delete(conv.subs, ch)
			close(ch)
		}
	}
}

func (s *Server) postMessage(c echo.Context) error {
	id, conv, err := s.conversation(c)
	if err != nil {
		return err
	}
	var req struct {
		Text string `json:"text"`
	}
	if err := c.Bind(&req); err != nil || req.Text == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "text is required")
	}
	s.mu.Lock()
	m := &message{ID: s.id(), Role: "user", Text: req.Text, CreatedAt: time.Now()}
	s.mu.Unlock()
	s.broadcast(conv, "message.created", m)
	go s.answer(id, conv, m)
	return c.JSON(http.StatusAccepted, map[string]any{"message": m})
}

// answer streams the model's answer to the conversation's streams.
func (s *Server) answer(convID int64, conv *conversation, m *message) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	stream, err := s.client.CreateChatCompletionStream(ctx, openai.ChatCompletionRequest{Model: s.model, Stream: true,
		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: m.Text}}})
	if err != nil {
		s.broadcast(conv, "error", map[string]any{"code": "unavailable", "message": err.Error(), "reply_to": m.ID})
		return
	}
	defer stream.Close()
	var text []byte
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.broadcast(conv, "error", map[string]any{"code": "unavailable", "message": err.Error(), "reply_to": m.ID})
			return
		}
		if len(resp.Choices) == 0 || resp.Choices[0].Delta.Content == "" {
			continue
		}
		d := resp.Choices[0].Delta.Content
		text = append(text, d...)
		s.broadcast(conv, "message.delta", map[string]any{"reply_to": m.ID, "delta": d})
	}
	s.mu.Lock()
	ans := &message{ID: s.id(), Role: "assistant", Text: string(text), ReplyTo: m.ID, CreatedAt: time.Now()}
	s.mu.Unlock()
	s.broadcast(conv, "message.completed", ans)
}

func (s *Server) events(c echo.Context) error {
	_, conv, err := s.conversation(c)
	if err != nil {
		return err
	}
	ch := make(chan event, subscriberBuffer)
	s.mu.Lock()
	conv.subs[ch] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if _, ok := conv.subs[ch]; ok {
			delete(conv.subs, ch)
			close(ch)
		}
		s.mu.Unlock()
	}()
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	w.Flush()
	ctx := c.Request().Context()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-ch:
			if !ok {
				return nil
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.typ, ev.data); err != nil {
				return nil
			}
			w.Flush()
		}
	}
}
