package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOffersImportCommand(t *testing.T) {
	t.Parallel()
	env := envFrom(map[string]string{"DATABASE_URL": demoDatabase(t), "LOG_LEVEL": "error"})
	dir := t.TempDir()
	good := filepath.Join(dir, "offers.csv")
	os.WriteFile(good, []byte("external_id,product_type,name,currency,regions,rate,terms_months\n"+
		"a1,personal_loan,Loan A,USD,US,9.99,36;60\na2,auto_loan,Loan B,USD,US-CA,6.49,48\n"), 0o600)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[{"partner":"X","external_id":"b1","product_type":"boat","name":"B","currency":"USD","regions":["US"]}]`), 0o600)

	tests := []struct {
		name    string
		args    []string
		code    int
		want    string
		wantErr string
	}{
		{"dry run", []string{"offers", "import", good, "--partner", "Acme Bank", "--dry-run"}, 0, "would import 2 offers (2 new, 0 updated)", ""},
		{"import", []string{"offers", "import", "--partner", "Acme Bank", good}, 0, "imported 2 offers (2 new, 0 updated)", ""},
		{"again updates", []string{"offers", "import", good, "--partner=Acme Bank"}, 0, "imported 2 offers (0 new, 2 updated)", ""},
		{"no partner", []string{"offers", "import", good}, 1, "", "row 1 (line 2) partner"},
		{"bad file", []string{"offers", "import", bad}, 1, "", "row 1 (line 1) product_type"},
		{"usage", []string{"offers", "export"}, 2, "", "only offers subcommand is import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, env, nil, &out, &errOut)
			if code != tt.code || !strings.Contains(out.String(), tt.want) || !strings.Contains(errOut.String(), tt.wantErr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out.String(), errOut.String(), tt.code, tt.want, tt.wantErr)
			}
		})
	}
	// The database was seeded before the imports: seeding again adds no offer.
	var out bytes.Buffer
	if code := run(context.Background(), []string{"seed"}, env, nil, &out, os.Stderr); code != 0 {
		t.Fatalf("seed exit %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "151 offers from 22 partners (0 new, 151 updated)") {
		t.Errorf("second seed said %q, want it to change nothing new", out.String())
	}
}
