package nlu

import (
	"fmt"
	"testing"
)

func TestTable(t *testing.T) {
	names := []string{"w:loan", "c:<lo", "", "b:<s>_loan", "w:lo"}
	for i := range 1000 {
		names = append(names, fmt.Sprintf("c:%d", i))
	}
	tab, err := newTable(names)
	if err != nil {
		t.Fatal(err)
	}
	if tab.len() != len(names) {
		t.Fatalf("len() = %d; want %d", tab.len(), len(names))
	}
	for i, n := range names {
		if got, ok := tab.find(n); !ok || got != i {
			t.Errorf("find(%q) = %d, %v; want %d, true", n, got, ok, i)
		}
		if got := tab.name(i); got != n {
			t.Errorf("name(%d) = %q; want %q", i, got, n)
		}
	}
	for _, absent := range []string{"w:loans", "w:l", "c:1000", "x"} {
		if i, ok := tab.find(absent); ok {
			t.Errorf("find(%q) = %d, true; it is not listed", absent, i)
		}
	}
	if _, err := newTable([]string{"a", "b", "a"}); err == nil {
		t.Error("newTable numbered a name listed twice")
	}
	if empty, err := newTable(nil); err != nil || empty.len() != 0 {
		t.Errorf("newTable(nil) = %v, %v; want an empty table", empty, err)
	} else if _, ok := empty.find("a"); ok {
		t.Error("an empty table finds a name")
	}
}
