package main

import (
	"bytes"
	"testing"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tty     bool
		updates [][2]int
		want    string
	}{
		{"terminal: redrawn once per percent", true, [][2]int{{50_000, 100_000}, {50_010, 100_000}, {100_000, 100_000}},
			"\r[###############---------------]  50% 50000/100000 offers\r[##############################] 100% 100000/100000 offers\n"},
		{"not a terminal: one final line", false, [][2]int{{1, 3}, {2, 3}, {3, 3}}, "3/3 offers\n"},
		{"never updated: silent", true, nil, ""},
		{"empty job on a terminal", true, [][2]int{{0, 0}}, "\r[##############################] 100% 0/0 offers\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := newProgress(&buf, "offers")
			if p.tty {
				t.Fatal("a bytes.Buffer taken for a terminal")
			}
			p.tty = tt.tty
			for _, u := range tt.updates {
				p.update(u[0], u[1])
			}
			p.finish()
			if got := buf.String(); got != tt.want {
				t.Errorf("wrote %q, want %q", got, tt.want)
			}
		})
	}
}
