// Added to FerretDB v1.24.2 by utility-hotline's scripts/bootstrap.mjs (patch
// "sqlite-indexed-pushdown"); not part of FerretDB. Copied to
// internal/backends/sqlite/indexed_pushdown.go before the build.
//
// Stock FerretDB 1.24 turns only `{_id: value}` into SQL; every other filter reads the whole
// table and filters in memory, so the indexes an application declares serve uniqueness only.
// This narrows a query by ONE condition on a top-level field that leads an index (an equality,
// $eq, $in, or a two-sided range), written with the index's own expression
// (`_ferretdb_sjson->'field'`, the JSON text of the value) so SQLite uses the index.
//
// Every caller of Query (find, count, distinct, update, delete, findAndModify, aggregate)
// filters the rows again in memory with MongoDB's rules, so the SQL only has to return a
// SUPERSET of the matching documents. Each condition is built so that it provably does:
//   - a field holding an array matches by element; every array's JSON text starts with '[',
//     so `OR (expr >= '[' AND expr < '\')` (also served by the index) returns all of them;
//   - numbers: int32, int64 and double of one value (1, 1 and 1.0) are equal in MongoDB;
//     sjson writes each with Go's encoding/json ("1" for all three, "-0" for a negative zero),
//     so the condition lists every text the value can have;
//   - strings, ObjectIDs (their hex), dates (milliseconds), booleans: one text each, the one
//     sjson wrote (a string and an ObjectID with the same hex share it: superset, refiltered);
//   - ranges compare texts, which order like the values only when the digit count is fixed:
//     dates between 2001-09-09 and 2286 (13-digit milliseconds) when BOTH bounds are, and
//     numbers when both bounds' integer parts have the same number of digits (1 ≤ x < 10^15).
//     MongoDB's type bracketing (a date range matches dates only) makes the SQL a superset.
//     One-sided ranges, string ranges (JSON escapes break the order), null (also matches a
//     missing field), regular expressions and documents are not pushed down: they read the
//     table as before.
//
// Which condition: a field of a single-field unique index first, else the first field of the
// filter, in the filter's order, that leads an index — so a query chooses its index by the
// order of its filter, as the application's repositories do. When that field is an equality
// and the filter also has an equality on the second field of a compound index it leads (a
// field that leads an index of its own, so that its arrays are found by an index too), both
// go into the seek: `{assignee, status: {$in: [...]}}` reads an agent's open tickets only,
// not every ticket they ever handled.

package sqlite

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
)

// pushdownFieldRE is what a field name must look like to be written into SQL (no quoting needed).
var pushdownFieldRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

// indexedPushdown returns a WHERE clause narrowing the query by one indexed condition of
// filter, with its arguments, or "" when no condition can be pushed down safely.
func indexedPushdown(meta *metadata.Collection, filter *types.Document) (string, []any) {
	if meta == nil || filter == nil || filter.Len() == 0 || meta.Capped() {
		return "", nil
	}

	unique := map[string]bool{}     // field leading an index -> that index is unique on it alone
	second := map[string][]string{} // field leading an index -> the second fields of its compound indexes
	for _, index := range meta.Settings.Indexes {
		if len(index.Key) == 0 {
			continue
		}
		f := index.Key[0].Field
		unique[f] = unique[f] || (index.Unique && len(index.Key) == 1)
		if len(index.Key) > 1 {
			second[f] = append(second[f], index.Key[1].Field)
		} else if _, ok := second[f]; !ok {
			second[f] = nil
		}
	}

	conds := map[string]fieldCond{}
	for _, k := range filter.Keys() {
		if !pushdownFieldRE.MatchString(k) {
			continue
		}
		v, err := filter.Get(k)
		if err != nil {
			continue
		}
		if c, ok := parseCondition(v); ok {
			conds[k] = c
		}
	}

	for _, uniqueOnly := range []bool{true, false} {
		for _, k := range filter.Keys() {
			c := conds[k]
			if !c.ok() || (uniqueOnly && !unique[k]) {
				continue
			}
			if _, leads := second[k]; !leads {
				continue
			}

			// An equality on the first two fields of a compound index: both in the seek. The
			// second field's arrays must be found by an index too, so it must lead one.
			if len(c.texts) > 0 {
				for _, f := range second[k] {
					c2 := conds[f]
					if _, leads := second[f]; leads && f != k && len(c2.texts) > 0 {
						a, aArgs := c.sql(k)
						b, bArgs := c2.sql(f)
						where := fmt.Sprintf(" WHERE ((%s AND %s) OR %s OR %s)", a, b, arraysOf(k), arraysOf(f))
						return where, append(aArgs, bArgs...)
					}
				}
			}

			cond, args := c.sql(k)
			return fmt.Sprintf(" WHERE (%s OR %s)", cond, arraysOf(k)), args
		}
	}

	return "", nil
}

// fieldCond is a pushed-down condition on one field: the JSON texts an equal value may have,
// or a range [from, to) of texts.
type fieldCond struct {
	texts    []string
	from, to string
}

func (c fieldCond) ok() bool { return len(c.texts) > 0 || c.to != "" }

func exprOf(field string) string {
	return fmt.Sprintf("%s->'%s'", metadata.DefaultColumn, field)
}

// arraysOf: every array at field (an array matches by element; its JSON text starts with '[').
func arraysOf(field string) string {
	return fmt.Sprintf("(%s >= '[' AND %s < '\\')", exprOf(field), exprOf(field))
}

func (c fieldCond) sql(field string) (string, []any) {
	expr := exprOf(field)
	if len(c.texts) == 0 {
		return fmt.Sprintf("(%s >= ? AND %s < ?)", expr, expr), []any{c.from, c.to}
	}
	args := make([]any, len(c.texts))
	marks := make([]string, len(c.texts))
	for i, t := range c.texts {
		args[i] = t
		marks[i] = "?"
	}
	return fmt.Sprintf("%s IN (%s)", expr, strings.Join(marks, ", ")), args
}

// parseCondition returns the condition (a superset) for `{field: v}`, or false.
func parseCondition(v any) (fieldCond, bool) {
	ops, isDoc := v.(*types.Document)
	if !isDoc {
		texts := equalTexts(v)
		return fieldCond{texts: texts}, texts != nil
	}

	// A document value is either operators or an embedded document (an equality we skip).
	if ops.Len() == 0 || !strings.HasPrefix(ops.Keys()[0], "$") {
		return fieldCond{}, false
	}

	if eq, err := ops.Get("$eq"); err == nil {
		if texts := equalTexts(eq); texts != nil {
			return fieldCond{texts: texts}, true
		}
	}

	if list, err := ops.Get("$in"); err == nil {
		if arr, ok := list.(*types.Array); ok && arr.Len() > 0 && arr.Len() <= 100 {
			var texts []string
			for i := 0; i < arr.Len(); i++ {
				el, _ := arr.Get(i)
				t := equalTexts(el)
				if t == nil {
					texts = nil
					break
				}
				texts = append(texts, t...)
			}
			if texts != nil {
				return fieldCond{texts: dedup(texts)}, true
			}
		}
	}

	lo, hasLo := firstOf(ops, "$gte", "$gt")
	hi, hasHi := firstOf(ops, "$lte", "$lt")
	if hasLo && hasHi {
		if from, to, ok := rangeTexts(lo, hi); ok {
			return fieldCond{from: from, to: to}, true
		}
	}

	return fieldCond{}, false
}

func firstOf(ops *types.Document, keys ...string) (any, bool) {
	for _, k := range keys {
		if v, err := ops.Get(k); err == nil {
			return v, true
		}
	}
	return nil, false
}

// equalTexts returns every JSON text sjson may have written for a value equal to v
// (what `_ferretdb_sjson->'field'` returns for it), or nil when v is not pushed down.
func equalTexts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{jsonText(v)}
	case types.ObjectID:
		return []string{jsonText(fmt.Sprintf("%x", v[:]))}
	case bool:
		return []string{strconv.FormatBool(v)}
	case time.Time:
		return []string{strconv.FormatInt(v.UnixMilli(), 10)}
	case int32:
		return intTexts(int64(v))
	case int64:
		return intTexts(v)
	case float64:
		return floatTexts(v)
	default:
		return nil
	}
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// intTexts: the integer's text, and the double's text when a double holds exactly that value.
func intTexts(i int64) []string {
	texts := []string{strconv.FormatInt(i, 10)}
	if f := float64(i); f >= -(1<<63) && f < 1<<63 && int64(f) == i {
		texts = append(texts, jsonText(f))
	}
	if i == 0 {
		texts = append(texts, "-0")
	}
	return dedup(texts)
}

// floatTexts: the double's text, and the integer's text when an integer holds exactly that value.
func floatTexts(f float64) []string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	texts := []string{jsonText(f)}
	if f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
		texts = append(texts, strconv.FormatInt(int64(f), 10))
	}
	if f == 0 {
		texts = append(texts, "0", "-0")
	}
	return dedup(texts)
}

// rangeTexts returns text bounds [from, to) holding the texts of every value between lo and
// hi, or false when texts do not order like those values.
func rangeTexts(lo, hi any) (string, string, bool) {
	if a, ok := lo.(time.Time); ok {
		b, ok := hi.(time.Time)
		if !ok {
			return "", "", false
		}
		from, to := a.UnixMilli(), b.UnixMilli()
		if from < 1e12 || to >= 1e13 || from > to {
			return "", "", false
		}
		// Every date in between has 13 digits; ";" follows the digits, so "to" itself is in.
		return strconv.FormatInt(from, 10), strconv.FormatInt(to, 10) + ";", true
	}

	a, okA := number(lo)
	b, okB := number(hi)
	if !okA || !okB {
		return "", "", false
	}
	from, to := math.Floor(a), math.Floor(b)
	if from < 1 || to >= 1e15 || from > to {
		return "", "", false
	}
	f, t := strconv.FormatInt(int64(from), 10), strconv.FormatInt(int64(to), 10)
	if len(f) != len(t) {
		return "", "", false
	}
	// A value between has an integer part of that many digits, maybe then "." and more
	// digits; ":" sorts after "." and every digit, so t's own fractions are in too.
	return f, t + ":", true
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case float64:
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	default:
		return 0, false
	}
}

func dedup(texts []string) []string {
	seen := map[string]bool{}
	out := texts[:0:0]
	for _, t := range texts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
