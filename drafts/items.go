package drafts

import "slices"

// ItemChanges is how a newer catalog would change a draft's items.
type ItemChanges struct {
	FromVersion int
	ToVersion   int
	Added       []string // items the new catalog adds
	Removed     []string // items the new catalog no longer gives
}

// Changed reports whether the items differ.
func (c ItemChanges) Changed() bool { return len(c.Added) > 0 || len(c.Removed) > 0 }

// ApplyOverrides applies the applicant's manual additions and removals to a
// matcher's result, keeping the matcher's order and appending additions.
func ApplyOverrides(matched, added, dropped []string) []string {
	var out []string
	for _, c := range matched {
		if !slices.Contains(dropped, c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, c := range added {
		if !slices.Contains(dropped, c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// CompareItems compares the draft's items with a re-match of its industry
// and answers under catalog version newVersion (rematched is the matcher's
// raw result; the draft's manual additions and removals are re-applied).
func CompareItems(d *Draft, newVersion int, rematched []string) ItemChanges {
	return diffItems(d, newVersion, ApplyOverrides(rematched, d.Added, d.Dropped))
}

func diffItems(d *Draft, newVersion int, next []string) ItemChanges {
	c := ItemChanges{FromVersion: d.CatalogVersion, ToVersion: newVersion}
	for _, x := range next {
		if !slices.Contains(d.Items, x) {
			c.Added = append(c.Added, x)
		}
	}
	for _, x := range d.Items {
		if !slices.Contains(next, x) {
			c.Removed = append(c.Removed, x)
		}
	}
	return c
}
