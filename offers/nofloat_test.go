package offers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// screeningFuncs are the only functions that may use float64 (candidates are screened with
// float closed forms and a proven error bound; every figure shown is decimal). They live in
// screeningFile, so a reader knows where floats may be.
var screeningFuncs = map[string]bool{"screen": true, "screenEligibility": true, "simulateFloat": true, "screened": true}

const screeningFile = "screen.go"

// TestNoFloatOutsideScreening keeps issue 3's rule: no float64 anywhere money or rates are
// computed. It reads the package's source and fails on any float type, math call or
// decimal↔float conversion outside the screening functions.
func TestNoFloatOutsideScreening(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && screeningFuncs[fn.Name.Name] || isScreeningType(d) {
				if name != screeningFile {
					t.Errorf("%s: screening code outside %s", fset.Position(d.Pos()), screeningFile)
				}
				if ok {
					found[fn.Name.Name] = true
				} else {
					found[d.(*ast.GenDecl).Specs[0].(*ast.TypeSpec).Name.Name] = true
				}
				continue
			}
			where := "package level"
			if ok {
				where = fn.Name.Name
			}
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					if n.Name == "float64" || n.Name == "float32" {
						t.Errorf("%s: %s uses %s", fset.Position(n.Pos()), where, n.Name)
					}
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok && x.Name == "math" {
						t.Errorf("%s: %s calls math.%s", fset.Position(n.Pos()), where, n.Sel.Name)
					}
					switch n.Sel.Name {
					case "InexactFloat64", "Float64", "NewFromFloat", "NewFromFloat32", "NewFromFloatWithExponent":
						t.Errorf("%s: %s converts with %s", fset.Position(n.Pos()), where, n.Sel.Name)
					}
				}
				return true
			})
		}
	}
	for name := range screeningFuncs {
		if !found[name] {
			t.Errorf("screening function %s is gone; take it off screeningFuncs", name)
		}
	}
}

// isScreeningType reports whether d declares the screening's own float type.
func isScreeningType(d ast.Decl) bool {
	g, ok := d.(*ast.GenDecl)
	if !ok || g.Tok != token.TYPE {
		return false
	}
	for _, s := range g.Specs {
		if !screeningFuncs[s.(*ast.TypeSpec).Name.Name] {
			return false
		}
	}
	return true
}
