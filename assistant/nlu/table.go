package nlu

import (
	"errors"
	"hash/maphash"
	"math/bits"
	"strings"
)

// table numbers a set of strings 0…n-1 and finds a string's number. A trained model holds
// hundreds of thousands of feature names and n-grams; as a map[string]int each costs a string
// header, a slot and the map's own overhead, several times the name's bytes. A table keeps the
// names end to end in one string and an open-addressing array of numbers.
type table struct {
	names string   // every name, end to end, in number order
	ends  []uint32 // name i is names[ends[i-1]:ends[i]] (ends[-1] is 0)
	// slots hold, for the name hashed there, its number+1 in the low idBits bits and more
	// bits of its hash above them, so that most probes of another name are ruled out
	// without comparing names; 0 is an empty slot. A power of two long.
	slots  []uint32
	idBits uint
	seed   maphash.Seed
}

// newTable numbers names in their order; a name listed twice is an error.
func newTable(names []string) (*table, error) {
	t := &table{seed: maphash.MakeSeed(), ends: make([]uint32, len(names))}
	var b strings.Builder
	for i, n := range names {
		b.WriteString(n)
		if b.Len() > 1<<32-1 {
			return nil, errors.New("nlu: the names are too long for a table")
		}
		t.ends[i] = uint32(b.Len())
	}
	t.names = b.String()
	size := 8
	for size < 2*len(names) {
		size *= 2
	}
	t.slots = make([]uint32, size)
	t.idBits = uint(bits.Len(uint(len(names))))
	for i, n := range names {
		if _, ok := t.find(n); ok {
			return nil, errors.New("nlu: a table lists " + n + " twice")
		}
		h, tag := t.hash(n)
		for t.slots[h] != 0 {
			h = (h + 1) & (len(t.slots) - 1)
		}
		t.slots[h] = tag | uint32(i+1)
	}
	return t, nil
}

// hash returns where s is looked for first and the bits of its hash kept with its number.
func (t *table) hash(s string) (int, uint32) {
	h := maphash.String(t.seed, s)
	return int(h) & (len(t.slots) - 1), uint32(h>>32) << t.idBits
}

// name returns the name numbered i.
func (t *table) name(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.names[start:t.ends[i]]
}

// len is how many names t holds.
func (t *table) len() int { return len(t.ends) }

// find returns the number of s, and whether t holds it.
func (t *table) find(s string) (int, bool) {
	h, tag := t.hash(s)
	idMask := uint32(1)<<t.idBits - 1
	for ; ; h = (h + 1) & (len(t.slots) - 1) {
		n := t.slots[h]
		if n == 0 {
			return 0, false
		}
		if n&^idMask == tag {
			if id := int(n&idMask) - 1; t.name(id) == s {
				return id, true
			}
		}
	}
}

// list returns every name, in number order.
func (t *table) list() []string {
	out := make([]string, t.len())
	for i := range out {
		out[i] = t.name(i)
	}
	return out
}
