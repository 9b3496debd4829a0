package catalog

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/naiman-yiye/yiye/usererr"
)

// Answers maps question keys to normalized answer values: "true"/"false"
// for bool questions, an option value for choices, a decimal for numbers.
// Use Catalog.NormalizeAnswer (or ParseAnswer) to fill it from user input.
type Answers map[string]string

// Condition decides whether an on-demand item applies. Exactly one form is
// used: a test of one question (Q with Is, In, Gte or Lt), a combination
// (Any, All, Not), or Always — the law requires the item for the industry
// whatever the answers (a hotel's fire check).
type Condition struct {
	Always bool        `json:"always,omitempty"`
	Q      string      `json:"q,omitempty"`   // question key
	Is     *bool       `json:"is,omitempty"`  // bool question equals
	In     []string    `json:"in,omitempty"`  // choice question is one of
	Gte    *float64    `json:"gte,omitempty"` // number question ≥
	Lt     *float64    `json:"lt,omitempty"`  // number question <
	Any    []Condition `json:"any,omitempty"`
	All    []Condition `json:"all,omitempty"`
	Not    *Condition  `json:"not,omitempty"`
}

// Truth is a three-valued result: an unanswered question gives Unknown.
type Truth int

// Truth values.
const (
	False Truth = iota
	True
	Unknown
)

// Eval evaluates the condition against answers (Kleene logic).
func (cd *Condition) Eval(a Answers) Truth {
	switch {
	case cd == nil, cd.Always:
		return True
	case cd.Not != nil:
		switch cd.Not.Eval(a) {
		case True:
			return False
		case False:
			return True
		}
		return Unknown
	case len(cd.Any) > 0:
		res := False
		for i := range cd.Any {
			switch cd.Any[i].Eval(a) {
			case True:
				return True
			case Unknown:
				res = Unknown
			}
		}
		return res
	case len(cd.All) > 0:
		res := True
		for i := range cd.All {
			switch cd.All[i].Eval(a) {
			case False:
				return False
			case Unknown:
				res = Unknown
			}
		}
		return res
	}
	v, ok := a[cd.Q]
	if !ok || v == "" {
		return Unknown
	}
	var hit bool
	switch {
	case cd.Is != nil:
		hit = v == strconv.FormatBool(*cd.Is)
	case cd.In != nil:
		hit = slices.Contains(cd.In, v)
	case cd.Gte != nil || cd.Lt != nil:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return Unknown
		}
		hit = (cd.Gte == nil || f >= *cd.Gte) && (cd.Lt == nil || f < *cd.Lt)
	}
	if hit {
		return True
	}
	return False
}

// questions lists every question key the condition reads.
func (cd *Condition) questions(out []string) []string {
	if cd == nil {
		return out
	}
	if cd.Q != "" {
		out = append(out, cd.Q)
	}
	for i := range cd.Any {
		out = cd.Any[i].questions(out)
	}
	for i := range cd.All {
		out = cd.All[i].questions(out)
	}
	return cd.Not.questions(out)
}

var boolWords = map[string]string{
	"true": "true", "yes": "true", "y": "true", "1": "true", "是": "true", "有": "true", "对": "true",
	"false": "false", "no": "false", "n": "false", "0": "false", "否": "false", "无": "false", "没有": "false", "不": "false",
}

// NormalizeAnswer checks value against question key and returns its
// normalized form. Errors are *usererr.Error.
func (c *Catalog) NormalizeAnswer(key, value string) (string, error) {
	q := c.questions[strings.TrimSpace(key)]
	if q == nil {
		keys := make([]string, len(c.Questions))
		for i, q := range c.Questions {
			keys[i] = q.Key
		}
		return "", usererr.Newf(CodeUnknownQuestion,
			"没有名为 %q 的问题。可用的问题：%s",
			"There is no question %q. Known questions: %s", key, strings.Join(keys, ", "))
	}
	v := strings.TrimSpace(value)
	switch q.Type {
	case Bool:
		if n, ok := boolWords[strings.ToLower(v)]; ok {
			return n, nil
		}
		return "", usererr.Newf(CodeBadAnswer,
			"问题 %s（%s）的回答应为 是/否（yes/no），收到 %q。",
			"Question %s (%s) takes yes or no, got %q.", q.Key, q.Text.ZH, value)
	case Choice:
		for _, o := range q.Options {
			if strings.EqualFold(v, o.Value) || v == o.ZH {
				return o.Value, nil
			}
		}
		vals := make([]string, len(q.Options))
		for i, o := range q.Options {
			vals[i] = o.Value + "（" + o.ZH + "）"
		}
		return "", usererr.Newf(CodeBadAnswer,
			"问题 %s 的回答应为以下之一：%s；收到 %q。",
			"Question %s takes one of: %s; got %q.", q.Key, strings.Join(vals, "、"), value)
	case Number:
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, q.Unit), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e9 {
			return "", usererr.Newf(CodeBadAnswer,
				"问题 %s（%s）的回答应为不小于 0 的数字，收到 %q。",
				"Question %s (%s) takes a number of at least 0, got %q.", q.Key, q.Text.ZH, value)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
	return "", usererr.Newf(CodeBadAnswer, "问题 %s 类型未知。", "Question %s has an unknown type.", q.Key)
}

// ParseAnswer parses "KEY=VALUE" (also KEY＝VALUE) and normalizes the value.
func (c *Catalog) ParseAnswer(kv string) (key, value string, err error) {
	kv = strings.Replace(kv, "＝", "=", 1)
	k, v, ok := strings.Cut(kv, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return "", "", usererr.Newf(CodeBadAnswer,
			"回答 %q 的格式应为 问题=值（例如 sells_tobacco=yes）。",
			"Answer %q must look like KEY=VALUE (e.g. sells_tobacco=yes).", kv)
	}
	n, err := c.NormalizeAnswer(k, v)
	if err != nil {
		return "", "", err
	}
	return k, n, nil
}

// Reason says why an item is in a selection.
type Reason string

// Reasons.
const (
	ReasonMandatory Reason = "mandatory" // not marked 按需办理 in annex 1
	ReasonAnswer    Reason = "answer"    // the applicant's answers call for it
	ReasonAdded     Reason = "added"     // a clerk added it
	ReasonAll       Reason = "all"       // every on-demand item was requested
	// ReasonLaw: an on-demand row the law requires for this industry
	// whatever the answers (a hotel is a public gathering place).
	ReasonLaw Reason = "law"
)

// Request asks which items an applicant needs.
type Request struct {
	Industry string   // code, name or number
	Answers  Answers  // normalized answers (missing keys are unanswered)
	Add      []string // on-demand items to include anyway (code or name)
	Drop     []string // on-demand items to leave out (code or name)
	All      bool     // include every on-demand item
}

// Selected is one item chosen for an applicant.
type Selected struct {
	Entry   *Entry   // the annex row
	Item    *Item    //
	Variant *Variant // non-nil when the industry uses a variant (e.g. bookstore hygiene filing)
	Reason  Reason
	// Unanswered lists the questions that would decide an item in Possible,
	// and for a chosen item those that could still exempt it or change how
	// it is handled (e.g. a food license that may turn out to be a filing).
	Unanswered []string
}

// Selection is the outcome of Match.
type Selection struct {
	Catalog  *Catalog
	Industry *Industry
	Answers  Answers
	Items    []Selected // chosen, annex order
	Possible []Selected // on-demand items that may apply: their questions are unanswered
	// Exempt lists rows annex 1 marks mandatory that the answers make
	// unnecessary by law (a shop selling no food needs no food license).
	Exempt []Selected
	Advice []Note // notes triggered by the answers
}

// Match decides the items for an industry and answers. Mandatory items are
// always in; an on-demand item is in when its condition holds, when Add
// names it or when All is set; Drop removes on-demand items (dropping a
// mandatory item, or naming an item the industry does not have, is an error).
func (c *Catalog) Match(req Request) (*Selection, error) {
	ind, err := c.Industry(req.Industry)
	if err != nil {
		return nil, err
	}
	answers := Answers{}
	for k, v := range req.Answers {
		n, err := c.NormalizeAnswer(k, v)
		if err != nil {
			return nil, err
		}
		answers[k] = n
	}
	resolve := func(ref string) (*Entry, error) {
		it, err := c.Item(ref)
		if err != nil {
			return nil, err
		}
		e := ind.Entry(it.Code)
		if e == nil {
			return nil, usererr.Newf(CodeNotInIndustry,
				"%s 行业不涉及事项 %s（%s）。",
				"Industry %s does not include item %s (%s).", ind.Name, it.Code, it.Name)
		}
		return e, nil
	}
	added := map[string]bool{}
	for _, ref := range req.Add {
		e, err := resolve(ref)
		if err != nil {
			return nil, err
		}
		added[e.Item] = true
	}
	dropped := map[string]bool{}
	for _, ref := range req.Drop {
		e, err := resolve(ref)
		if err != nil {
			return nil, err
		}
		if !e.OnDemand {
			it := c.items[e.Item]
			return nil, usererr.Newf(CodeDropMandatory,
				"%s 是%s行业的必办事项，不能去掉；只有标注“按需办理”的事项可以去掉。",
				"%s is mandatory for %s and cannot be dropped; only on-demand items can.", it.Name, ind.Name)
		}
		if added[e.Item] {
			return nil, usererr.Newf(CodeBadAnswer,
				"事项 %s 同时被要求加入和去掉。", "Item %s is both added and dropped.", e.Item)
		}
		dropped[e.Item] = true
	}

	sel := &Selection{Catalog: c, Industry: ind, Answers: answers}
	// Answers to questions this industry does not ask are kept but cannot
	// matter; say so rather than ignore them silently.
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(c.questions[k].Industries, ind.Code) {
			sel.Advice = append(sel.Advice, Note{
				ZH: fmt.Sprintf("问题 %s（%s）与%s行业无关，回答未被采用。", k, c.questions[k].Text.ZH, ind.Name),
				EN: fmt.Sprintf("Question %s does not apply to %s; the answer was not used.", k, ind.NameEN),
			})
		}
	}
	for i := range ind.Entries {
		e := &ind.Entries[i]
		it := c.items[e.Item]
		vid, open := e.variantFor(answers)
		s := Selected{Entry: e, Item: it, Variant: it.Variant(vid)}
		for _, adv := range e.Advice {
			if adv.When.Eval(answers) == True {
				sel.Advice = append(sel.Advice, adv.Note)
			}
		}
		switch e.Unless.Eval(answers) {
		case True:
			if e.Unless != nil {
				sel.Exempt = append(sel.Exempt, s)
				continue
			}
		case Unknown:
			open = e.Unless.questions(open)
		}
		for _, k := range open {
			if _, ok := answers[k]; !ok && !slices.Contains(s.Unanswered, k) {
				s.Unanswered = append(s.Unanswered, k)
			}
		}
		switch {
		case !e.OnDemand:
			s.Reason = ReasonMandatory
		case dropped[e.Item]:
			continue
		case added[e.Item]:
			s.Reason = ReasonAdded
		case req.All:
			s.Reason = ReasonAll
		default:
			switch e.When.Eval(answers) {
			case True:
				s.Reason = ReasonAnswer
				if e.When.Always {
					s.Reason = ReasonLaw
				}
			case Unknown:
				for _, k := range e.When.questions(nil) {
					if _, ok := answers[k]; !ok && !slices.Contains(s.Unanswered, k) {
						s.Unanswered = append(s.Unanswered, k)
					}
				}
				sel.Possible = append(sel.Possible, s)
				continue
			default:
				continue
			}
		}
		sel.Items = append(sel.Items, s)
	}
	return sel, nil
}

// variantFor picks the entry's variant for answers: the first rule whose
// condition holds, else the default. While an earlier rule is undecided
// the default stays, and its questions are returned as still open.
func (e *Entry) variantFor(a Answers) (string, []string) {
	var open []string
	for _, r := range e.VariantWhen {
		switch r.When.Eval(a) {
		case True:
			if len(open) == 0 {
				return r.Variant, nil
			}
			return e.Variant, open
		case Unknown:
			open = r.When.questions(open)
		}
	}
	return e.Variant, open
}

// Treatment returns how an industry handles one of its items for the
// answers: the annex row, the item and the variant it uses (the bookstore's
// hygiene filing, a prepackaged-food filing). Reason and Unanswered are
// left empty. industry and item take the same references as Industry and
// Item; answers are normalized (invalid ones are ignored); errors are
// *usererr.Error.
func (c *Catalog) Treatment(industry, item string, answers Answers) (Selected, error) {
	ind, err := c.Industry(industry)
	if err != nil {
		return Selected{}, err
	}
	it, err := c.Item(item)
	if err != nil {
		return Selected{}, err
	}
	e := ind.Entry(it.Code)
	if e == nil {
		return Selected{}, usererr.Newf(CodeNotInIndustry,
			"%s 行业不涉及事项 %s（%s）。",
			"Industry %s does not include item %s (%s).", ind.Name, it.Code, it.Name)
	}
	norm := Answers{}
	for k, v := range answers {
		if n, err := c.NormalizeAnswer(k, v); err == nil {
			norm[k] = n
		}
	}
	vid, _ := e.variantFor(norm)
	return Selected{Entry: e, Item: it, Variant: it.Variant(vid)}, nil
}

// Filing is when a filing is due (nil for anything but a filing).
func (s Selected) Filing() *FilingDue {
	if s.Variant != nil {
		return s.Variant.Filing
	}
	return s.Item.Filing
}

// OnLicense reports whether the item belongs on the comprehensive license
// (行业综合许可证) and counts toward issuing one: approvals decided before
// opening. Filings (备案) never do.
func (s Selected) OnLicense() bool { return onLicense(s.Kind(), s.Phase()) }

func onLicense(k Kind, p Phase) bool { return k != KindFiling && p == BeforeOpening }

// Name is the item's name as the industry uses it (the variant's, if any).
func (s Selected) Name() string {
	if s.Variant != nil {
		return s.Variant.Name
	}
	return s.Item.Name
}

// NameEN translates Name.
func (s Selected) NameEN() string {
	if s.Variant != nil {
		return s.Variant.NameEN
	}
	return s.Item.NameEN
}

// Kind is the kind of approval as the industry handles it.
func (s Selected) Kind() Kind {
	if s.Variant != nil {
		return s.Variant.Kind
	}
	return s.Item.Kind
}

// Phase is when the industry handles the item.
func (s Selected) Phase() Phase {
	if s.Variant != nil {
		return s.Variant.Phase
	}
	return s.Item.Phase
}

// Term is the validity of the result as the industry gets it.
func (s Selected) Term() Term {
	if s.Variant != nil {
		return s.Variant.Term
	}
	return s.Item.Term
}
