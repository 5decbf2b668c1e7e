package retrieval

import (
	"strings"
	"unicode/utf8"
)

// Chunk is one searchable passage of a source.
type Chunk struct {
	Ord     int
	Heading string // the heading path inside the source, "Fees › Origination fees"; "" before the first heading
	Text    string // the passage, starting with a short overlap from the previous chunk
}

// Chunking sizes, in characters. A section up to maxChunk stays whole; a longer one is cut at
// paragraph (then sentence) boundaries into pieces near targetChunk. Every chunk after the
// first starts with up to overlapChars of the previous one's end, so a sentence that leans on
// its predecessor still carries that context.
const (
	targetChunk  = 900
	maxChunk     = 1300
	overlapChars = 160
)

// Split cuts a Markdown body into chunks at "#", "##" and "###" headings, then by size.
func Split(body string) []Chunk {
	type section struct {
		heading string
		lines   []string
	}
	var secs []section
	cur := section{}
	var h2, h3 string
	inFence := false
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
		}
		level, text := headingOf(trimmed)
		if inFence || level == 0 {
			cur.lines = append(cur.lines, line)
			continue
		}
		secs = append(secs, cur)
		switch level {
		case 1, 2:
			h2, h3 = text, ""
		default:
			h3 = text
		}
		path := h2
		if h3 != "" {
			if path != "" {
				path += " › "
			}
			path += h3
		}
		cur = section{heading: path}
	}
	secs = append(secs, cur)

	var chunks []Chunk
	prevTail := ""
	for _, s := range secs {
		text := strings.TrimSpace(strings.Join(s.lines, "\n"))
		if text == "" {
			continue
		}
		for _, piece := range pieces(text) {
			full := piece
			if prevTail != "" {
				full = "… " + prevTail + "\n\n" + piece
			}
			chunks = append(chunks, Chunk{Ord: len(chunks), Heading: s.heading, Text: full})
			prevTail = tail(piece, overlapChars)
		}
	}
	return chunks
}

// headingOf returns the level and text of a Markdown ATX heading line, or 0.
func headingOf(line string) (int, string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n == len(line) || line[n] != ' ' {
		return 0, ""
	}
	return min(n, 3), strings.TrimSpace(strings.Trim(line[n:], "# "))
}

// pieces cuts text into parts no longer than maxChunk, preferring paragraph boundaries.
func pieces(text string) []string {
	if utf8.RuneCountInString(text) <= maxChunk {
		return []string{text}
	}
	var units []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if utf8.RuneCountInString(p) <= maxChunk {
			units = append(units, p)
			continue
		}
		for _, s := range sentences(p) {
			units = append(units, byWords(s, targetChunk)...)
		}
	}
	var out []string
	var b strings.Builder
	for _, u := range units {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+utf8.RuneCountInString(u) > targetChunk {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(u)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// sentences splits a paragraph after ". ", "? " and "! ".
func sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(p); i++ {
		if (p[i] == '.' || p[i] == '?' || p[i] == '!') && p[i+1] == ' ' {
			out = append(out, strings.TrimSpace(p[start:i+1]))
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// tail returns the last sentence of text, cut to at most n characters at a word boundary.
func tail(text string, n int) string {
	ss := sentences(strings.ReplaceAll(text, "\n", " "))
	if len(ss) == 0 {
		return ""
	}
	last := ss[len(ss)-1]
	r := []rune(last)
	if len(r) <= n {
		return last
	}
	cut := string(r[len(r)-n:])
	if i := strings.IndexByte(cut, ' '); i >= 0 {
		cut = cut[i+1:]
	}
	return cut
}

// byWords cuts a text with no sentence ends into parts of at most n characters, at spaces, and
// inside a word longer than n (a run of characters with no space must not become one huge
// chunk).
func byWords(s string, n int) []string {
	if utf8.RuneCountInString(s) <= n {
		return []string{s}
	}
	var words []string
	for _, w := range strings.Fields(s) {
		for r := []rune(w); len(r) > 0; {
			k := min(len(r), n)
			words = append(words, string(r[:k]))
			r = r[k:]
		}
	}
	var out []string
	var b strings.Builder
	for _, w := range words {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(w) > n {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
