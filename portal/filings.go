package portal

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

// Filings (备案) are never on the license: the applicant files them after
// opening (or when the window says) and reports them here.

func (s *Server) handleReportFiling(w http.ResponseWriter, r *http.Request, owner string) {
	var rep api.FilingReport
	if err := readJSON(r, &rep); err != nil {
		s.writeErr(w, err)
		return
	}
	rec, err := s.ReportFiling(r.Context(), owner, r.PathValue("id"), r.PathValue("code"), rep)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rec.forApplicant())
}

// ReportFiling records that owner made filing code of application id on
// rep.FiledOn. The same report again changes nothing; another replaces it.
func (s *Server) ReportFiling(ctx context.Context, owner, id, code string, rep api.FilingReport) (*appRecord, error) {
	filed, err := time.ParseInLocation(time.DateOnly, rep.FiledOn, cst)
	if err != nil || rep.FiledOn > date(s.now()) {
		return nil, errf(422, "filing.bad_date", "备案日期应为不晚于今天的日期（YYYY-MM-DD）。",
			"filed_on must be a date (YYYY-MM-DD) not after today.", "filed_on")
	}
	rep.Reference = strings.TrimSpace(rep.Reference)
	if utf8.RuneCountInString(rep.Reference) > 100 {
		return nil, errf(422, "filing.bad_reference", "回执号最多100个字。", "The reference has at most 100 characters.", "reference")
	}
	var replay *appRecord
	rec, err := s.mutateApp(context.WithValue(ctx, ctxOwner, owner), id, func(_ *sql.Tx, rec *appRecord) error {
		if rec.Owner != owner {
			return errNotFound
		}
		i := slices.IndexFunc(rec.Items, func(it api.ItemStatus) bool { return it.Code == code })
		if i < 0 {
			return errNotFound
		}
		tr, err := s.ref.cat.Treatment(rec.Industry, code, catalogAnswers(s.ref.cat, rec.Answers))
		if err != nil || tr.Kind() != catalog.KindFiling {
			return errf(422, "filing.not_a_filing", "这个事项不是备案。", "This item is not a filing.")
		}
		f := api.Filing{Code: code, Name: rec.Items[i].Name, FiledOn: date(filed), Reference: rep.Reference, ReportedAt: s.now().UTC()}
		j := slices.IndexFunc(rec.Filings, func(x api.Filing) bool { return x.Code == code })
		if j >= 0 && rec.Filings[j].FiledOn == f.FiledOn && rec.Filings[j].Reference == f.Reference {
			replay = rec
			return errReplay
		}
		if j >= 0 {
			rec.Filings[j] = f
		} else {
			rec.Filings = append(rec.Filings, f)
		}
		note := "备案日期 " + f.FiledOn
		if f.Reference != "" {
			note += "，回执 " + f.Reference
		}
		s.addEvent(rec, api.Event{Type: api.EventFilingReported, Items: []string{code}, Note: note})
		return nil
	})
	if errors.Is(err, errReplay) {
		return replay, nil
	}
	return rec, err
}
