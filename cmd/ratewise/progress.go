package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress reports how far a long command (offers import, reindex) has got. On a terminal it
// is a bar redrawn in place, "[#####-----]  50% 120/240 offers", at most once per whole
// percent; on anything else (a pipe, a log, a test) it stays quiet until finish, which writes
// one line with the final count, so logs get a record without a hundred carriage returns.
type progress struct {
	w           io.Writer
	unit        string
	tty         bool
	last        int // percent last drawn, -1 before the first draw
	done, total int
	seen        bool
}

func newProgress(w io.Writer, unit string) *progress {
	return &progress{w: w, unit: unit, tty: isTerminal(w), last: -1}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update records done of total; its signature fits offers.ImportOptions.Progress and
// retrieval's Reindex callback.
func (p *progress) update(done, total int) {
	p.done, p.total, p.seen = done, total, true
	if !p.tty {
		return
	}
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	if pct == p.last {
		return
	}
	p.last = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\r[%s%s] %3d%% %d/%d %s", strings.Repeat("#", fill), strings.Repeat("-", width-fill), pct, done, total, p.unit)
}

// finish ends the bar's line on a terminal, or writes the final count elsewhere.
func (p *progress) finish() {
	switch {
	case !p.seen:
	case p.tty:
		fmt.Fprintln(p.w)
	default:
		fmt.Fprintf(p.w, "%d/%d %s\n", p.done, p.total, p.unit)
	}
}
