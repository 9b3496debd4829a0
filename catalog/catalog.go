package catalog

import (
	"strconv"
	"strings"
)

// Catalog is a parsed, validated catalog document. Its exported fields are
// the document itself (json.Marshal of a Catalog is a valid document); the
// lookups are indexed when it is parsed. Treat a Catalog as read-only.
type Catalog struct {
	Schema      int           `json:"schema"`    // SchemaVersion
	Version     int           `json:"version"`   // increases with every release; a higher version replaces a lower one
	Published   string        `json:"published"` // YYYY-MM-DD
	Title       Text          `json:"title"`
	Source      string        `json:"source"` // the plan this catalog implements
	Departments []*Department `json:"departments"`
	Questions   []*Question   `json:"questions"`
	Items       []*Item       `json:"items"`
	Materials   []*Material   `json:"materials"`
	Industries  []*Industry   `json:"industries"` // annex 1 order
	Calendar    *Calendar     `json:"calendar"`
	Notes       []Note        `json:"notes"` // general rules shown on every notice
	// Help is where applicants get answers (the 12345 hotline, the hall).
	Help *Help `json:"help,omitempty"`
	// AfterIssue is what happens to a license after issue (一码联动).
	AfterIssue *AfterIssue `json:"after_issue,omitempty"`

	departments map[string]*Department
	questions   map[string]*Question
	items       map[string]*Item // by code
	itemNames   map[string]*Item // by official, annex and alternate names
	materials   map[string]*Material
	industries  map[string]*Industry // by code, name, alias and number
}

// Department returns the department with the given code, or nil.
func (c *Catalog) Department(code string) *Department { return c.departments[code] }

// DepartmentNamed finds a department by its full or short name, as the
// notice and the portal give it; nil if the catalog has no such name.
func (c *Catalog) DepartmentNamed(name string) *Department {
	for _, d := range c.Departments {
		if d.Name == name || d.Short == name {
			return d
		}
	}
	return nil
}

// DepartmentEN is a department's English name, the name itself if the
// catalog does not know it (an English reader still sees the official
// name the window uses).
func (c *Catalog) DepartmentEN(name string) string {
	if d := c.DepartmentNamed(name); d != nil && d.NameEN != "" {
		return d.NameEN
	}
	return name
}

// ItemNameEN is the English name of item code called name (a filing
// variant has its own), or name if the catalog has none.
func (c *Catalog) ItemNameEN(code, name string) string {
	it := c.items[code]
	if it == nil {
		return name
	}
	for _, v := range it.Variants {
		if v.Name == name && v.NameEN != "" {
			return v.NameEN
		}
	}
	if it.NameEN != "" {
		return it.NameEN
	}
	return name
}

// Question returns the question with the given key, or nil.
func (c *Catalog) Question(key string) *Question { return c.questions[key] }

// Material returns the material with the given ID, or nil.
func (c *Catalog) Material(id string) *Material { return c.materials[id] }

// Industry finds an industry by code (convenience-store), name as in the plan
// (便利店, also 烘焙房 or 面包房 for 烘焙房/面包房), or annex number ("1").
func (c *Catalog) Industry(ref string) (*Industry, error) {
	key := normRef(ref)
	if ind, ok := c.industries[key]; ok {
		return ind, nil
	}
	return nil, errUnknownIndustry(ref)
}

// Item finds an item by code (SPJY, case-insensitive), official name, the
// name printed in annex 1 (公共卫生场所许可) or an alternate name.
func (c *Catalog) Item(ref string) (*Item, error) {
	key := normRef(ref)
	if it, ok := c.items[strings.ToUpper(key)]; ok {
		return it, nil
	}
	if it, ok := c.itemNames[key]; ok {
		return it, nil
	}
	return nil, errUnknownItem(ref)
}

// QuestionsFor lists the questions asked for an industry, in catalog order.
func (c *Catalog) QuestionsFor(ind *Industry) []*Question {
	var qs []*Question
	for _, q := range c.Questions {
		for _, code := range q.Industries {
			if code == ind.Code {
				qs = append(qs, q)
				break
			}
		}
	}
	return qs
}

// Entry returns the annex row of item code in ind, or nil.
func (ind *Industry) Entry(code string) *Entry {
	for i := range ind.Entries {
		if ind.Entries[i].Item == code {
			return &ind.Entries[i]
		}
	}
	return nil
}

// Variant returns the variant with the given ID, or nil ("" returns nil).
func (it *Item) Variant(id string) *Variant {
	for i := range it.Variants {
		if it.Variants[i].ID == id {
			return &it.Variants[i]
		}
	}
	return nil
}

// refReplacer unifies full-width punctuation and drops spaces in references.
var refReplacer = strings.NewReplacer("（", "(", "）", ")", "，", ",", "、", ",", " ", "")

// normRef trims and unifies full-width characters people type in references.
func normRef(s string) string {
	return strings.ToLower(refReplacer.Replace(strings.TrimSpace(s)))
}

func (c *Catalog) index() {
	c.departments = map[string]*Department{}
	for _, d := range c.Departments {
		c.departments[d.Code] = d
	}
	c.questions = map[string]*Question{}
	for _, q := range c.Questions {
		c.questions[q.Key] = q
	}
	c.items = map[string]*Item{}
	c.itemNames = map[string]*Item{}
	for _, it := range c.Items {
		c.items[strings.ToUpper(it.Code)] = it
		c.itemNames[normRef(it.Name)] = it
		for _, n := range it.AlternateNames {
			c.itemNames[normRef(n)] = it
		}
		for _, v := range it.Variants {
			c.itemNames[normRef(v.Name)] = it
		}
	}
	c.materials = map[string]*Material{}
	for _, m := range c.Materials {
		c.materials[m.ID] = m
	}
	c.industries = map[string]*Industry{}
	for _, ind := range c.Industries {
		c.industries[normRef(ind.Code)] = ind
		c.industries[normRef(ind.Name)] = ind
		c.industries[strconv.Itoa(ind.No)] = ind
		for _, a := range ind.Aliases {
			c.industries[normRef(a)] = ind
		}
		for _, e := range ind.Entries {
			if _, ok := c.itemNames[normRef(e.AnnexName)]; !ok {
				c.itemNames[normRef(e.AnnexName)] = c.items[strings.ToUpper(e.Item)]
			}
		}
	}
}
