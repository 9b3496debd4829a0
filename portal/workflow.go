package portal

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// The workflow moves applications department by department. The same
// methods back the back-office pages, the admin JSON API and auto-advance.

func errState(zh, en string) error { return errf(409, "workflow.bad_state", zh, en) }

// Accept accepts a submitted application (受理): every item goes to its department.
func (s *Server) Accept(ctx context.Context, appID, note string) error {
	_, err := s.mutateApp(ctx, appID, func(_ *sql.Tx, rec *appRecord) error {
		if !actorFrom(ctx).window(s) {
			return errForbidden
		}
		if rec.Status != api.StatusSubmitted {
			return errState("只有“已提交”的申请可以受理。", "Only a submitted application can be accepted.")
		}
		rec.Status = api.StatusAccepted
		for i := range rec.Items {
			rec.Items[i].Status = api.ItemAccepted
		}
		s.addEvent(rec, api.Event{Type: api.EventAccepted, Department: s.ref.issuer(), Note: note, Items: codes(rec.Items)})
		return nil
	})
	return err
}

// CorrectionSpec names what must be corrected.
type CorrectionSpec struct {
	Department string             `json:"department"` // default: the first item's department
	Items      []string           `json:"items"`      // default: all undecided items
	Fields     []api.FieldNote    `json:"fields"`
	Materials  []api.MaterialNote `json:"materials"`
	Note       string             `json:"note"`
}

// RequestCorrection asks the applicant to correct named fields and materials (补正).
func (s *Server) RequestCorrection(ctx context.Context, appID string, spec CorrectionSpec) (api.Correction, error) {
	var out api.Correction
	_, err := s.mutateApp(ctx, appID, func(_ *sql.Tx, rec *appRecord) error {
		switch rec.Status {
		case api.StatusSubmitted, api.StatusAccepted, api.StatusInspectionScheduled:
		default:
			return errState("当前状态不能要求补正。", "A correction cannot be requested in this state.")
		}
		if len(spec.Fields) == 0 && len(spec.Materials) == 0 {
			return errf(422, "workflow.correction_empty", "请写明需要补正的字段或材料。", "Name at least one field or material.")
		}
		// Department staff ask for corrections of their own items only (by
		// default all of them still open), in their department's name.
		a := actorFrom(ctx)
		want, dept := spec.Items, spec.Department
		if !a.window(s) {
			if len(want) == 0 {
				for _, it := range rec.Items {
					if s.itemDept(rec, it.Code) == a.Department && it.Status != api.ItemApproved && it.Status != api.ItemRejected {
						want = append(want, it.Code)
					}
				}
				if len(want) == 0 {
					return errf(422, "workflow.bad_items", "本申请中没有本部门待办的事项。", "This application has no open items of your department.")
				}
			}
			for _, c := range want {
				if s.itemDept(rec, c) != a.Department {
					return errForbidden
				}
			}
			dept = s.ref.cat.Department(a.Department).Name
		}
		items, err := pickUndecided(rec, want)
		if err != nil {
			return err
		}
		if dept == "" {
			dept = itemDepartment(rec, items[0])
		}
		out = api.Correction{ID: randomID()[:12], Department: dept, Items: items, Fields: spec.Fields,
			Materials: spec.Materials, Note: spec.Note, RequestedAt: s.now()}
		if out.Fields == nil {
			out.Fields = []api.FieldNote{}
		}
		if out.Materials == nil {
			out.Materials = []api.MaterialNote{}
		}
		rec.OpenCorrection = &out
		rec.ReturnStatus, rec.ReturnItems = rec.Status, map[string]string{}
		rec.Status = api.StatusCorrectionRequested
		for i := range rec.Items {
			if slices.Contains(items, rec.Items[i].Code) {
				rec.ReturnItems[rec.Items[i].Code] = rec.Items[i].Status
				rec.Items[i].Status = api.ItemCorrectionRequested
			}
		}
		s.addEvent(rec, api.Event{Type: api.EventCorrectionRequested, Department: dept, Items: items,
			Fields: out.Fields, Materials: out.Materials, Note: spec.Note, CorrectionID: out.ID})
		return nil
	})
	return out, err
}

// pickUndecided returns the requested items (or all undecided ones), all of
// which must be in the application and not yet approved or rejected.
func pickUndecided(rec *appRecord, want []string) ([]string, error) {
	var out []string
	for _, it := range rec.Items {
		undecided := it.Status != api.ItemApproved && it.Status != api.ItemRejected
		if len(want) == 0 && undecided {
			out = append(out, it.Code)
		} else if slices.Contains(want, it.Code) {
			if !undecided {
				return nil, errState("事项 "+it.Code+" 已有审批结论。", "Item "+it.Code+" is already decided.")
			}
			out = append(out, it.Code)
		}
	}
	if len(out) == 0 || (len(want) > 0 && len(out) != len(want)) {
		return nil, errf(422, "workflow.bad_items", "所选事项不在本申请中或已办结。", "The chosen items are not open in this application.")
	}
	return out, nil
}

// InspectionSpec schedules one joint visit (一同核查) for several items.
type InspectionSpec struct {
	At    time.Time `json:"scheduled_at"`
	Items []string  `json:"items"` // default: all undecided items
	Note  string    `json:"note"`
}

// ScheduleInspection arranges one visit by all departments concerned.
func (s *Server) ScheduleInspection(ctx context.Context, appID string, spec InspectionSpec) (api.Inspection, error) {
	var out api.Inspection
	_, err := s.mutateApp(ctx, appID, func(_ *sql.Tx, rec *appRecord) error {
		if !actorFrom(ctx).window(s) {
			return errForbidden
		}
		if rec.Status != api.StatusAccepted {
			return errState("受理后、无待补正时才能安排核查。", "Schedule an inspection after acceptance, with no open correction.")
		}
		items, err := pickUndecided(rec, spec.Items)
		if err != nil {
			return err
		}
		var depts []string
		for _, c := range items {
			if d := itemDepartment(rec, c); !slices.Contains(depts, d) {
				depts = append(depts, d)
			}
		}
		at := spec.At
		if at.IsZero() {
			at = s.now().Add(24 * time.Hour)
		}
		out = api.Inspection{ID: randomID()[:12], ScheduledAt: at.UTC(), Departments: depts, Items: items,
			Address: rec.Subject.Place(), Note: spec.Note}
		rec.Inspection = &out
		rec.Status = api.StatusInspectionScheduled
		for i := range rec.Items {
			if slices.Contains(items, rec.Items[i].Code) {
				rec.Items[i].Status = api.ItemInspectionScheduled
			}
		}
		s.addEvent(rec, api.Event{Type: api.EventInspectionScheduled, Items: items, Inspection: &out, Note: spec.Note})
		return nil
	})
	return out, err
}

// ApproveSpec gives an approved item's certificate; empty fields are generated.
type ApproveSpec struct {
	CertificateNo string `json:"certificate_no"`
	ValidUntil    string `json:"valid_until"` // YYYY-MM-DD
}

// ApproveItem approves one item in its department.
func (s *Server) ApproveItem(ctx context.Context, appID, code string, spec ApproveSpec) error {
	return s.decide(ctx, appID, code, func(tx *sql.Tx, rec *appRecord, it *api.ItemStatus) error {
		if spec.ValidUntil != "" {
			if _, err := time.Parse(time.DateOnly, spec.ValidUntil); err != nil {
				return errf(422, "workflow.bad_date", "有效期格式应为 YYYY-MM-DD。", "valid_until must be YYYY-MM-DD.", "valid_until")
			}
		}
		if err := s.lifecycleDefaults(ctx, tx, rec, code, &spec); err != nil {
			return err
		}
		if spec.ValidUntil == "" {
			// The catalog's term (5 years for 食品经营许可, 4 for 公共场所卫生许可),
			// none where the result has no fixed or known validity (the fire
			// opinion, filings); staff may give a date.
			if tr, _ := s.onLicense(rec, code); tr.Item != nil {
				spec.ValidUntil = validUntil(tr.Term(), "", s.now())
			}
		}
		if spec.ValidUntil == noDate {
			spec.ValidUntil = ""
		}
		if spec.CertificateNo == "" {
			n, err := nextNumber(ctx, tx, "cert-"+code)
			if err != nil {
				return err
			}
			spec.CertificateNo = certificateNo(code, s.now(), n)
		}
		it.Status, it.CertificateNo, it.ValidUntil = api.ItemApproved, spec.CertificateNo, spec.ValidUntil
		s.addEvent(rec, api.Event{Type: api.EventItemApproved, Department: it.Department, Items: []string{code}})
		return nil
	})
}

// certificateNo makes a fictitious single-item certificate number.
func certificateNo(code string, now time.Time, n int64) string {
	switch code {
	case "SPJY":
		return "JY1150525" + now.Format("06") + fmtN(n, 5)
	case "YCLS":
		return "150525" + now.Format("2006") + fmtN(n, 5)
	default:
		return code + "150525" + now.Format("2006") + fmtN(n, 4)
	}
}

func fmtN(n int64, w int) string {
	s := ""
	for i := 0; i < w; i++ {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// RejectItem refuses one item with a reason.
func (s *Server) RejectItem(ctx context.Context, appID, code, reason string) error {
	if reason == "" {
		return errf(422, "workflow.reason_required", "不予许可必须写明理由。", "A rejection needs a reason.", "reason")
	}
	return s.decide(ctx, appID, code, func(_ *sql.Tx, rec *appRecord, it *api.ItemStatus) error {
		it.Status, it.Reason = api.ItemRejected, reason
		s.addEvent(rec, api.Event{Type: api.EventItemRejected, Department: it.Department, Items: []string{code}, Reason: reason})
		return nil
	})
}

// decide applies an item decision and, when every item is decided, the
// application's overall outcome.
func (s *Server) decide(ctx context.Context, appID, code string, fn func(*sql.Tx, *appRecord, *api.ItemStatus) error) error {
	_, err := s.mutateApp(ctx, appID, func(tx *sql.Tx, rec *appRecord) error {
		if rec.Status != api.StatusAccepted && rec.Status != api.StatusInspectionScheduled {
			return errState("受理后、无待补正时才能作出审批决定。", "Decide items after acceptance, with no open correction.")
		}
		i := slices.IndexFunc(rec.Items, func(it api.ItemStatus) bool { return it.Code == code })
		if i < 0 {
			return errNotFound
		}
		if !actorFrom(ctx).decides(s.itemDept(rec, code)) {
			return errForbidden
		}
		it := &rec.Items[i]
		if it.Status != api.ItemAccepted && it.Status != api.ItemInspectionScheduled {
			return errState("该事项已有审批结论。", "This item is already decided.")
		}
		if err := fn(tx, rec, it); err != nil {
			return err
		}
		approved, rejected := 0, 0
		for _, it := range rec.Items {
			switch it.Status {
			case api.ItemApproved:
				approved++
			case api.ItemRejected:
				rejected++
			}
		}
		if approved+rejected < len(rec.Items) {
			return nil
		}
		switch {
		case rejected == 0:
			rec.Status = api.StatusApproved
			s.addEvent(rec, api.Event{Type: api.EventApproved, Items: codes(rec.Items)})
		case approved == 0:
			rec.Status = api.StatusRejected
			s.addEvent(rec, api.Event{Type: api.EventRejected, Items: codes(rec.Items), Reason: "全部事项不予许可"})
		default:
			rec.Status = api.StatusPartiallyApproved
			var no []string
			for _, it := range rec.Items {
				if it.Status == api.ItemRejected {
					no = append(no, it.Code)
				}
			}
			s.addEvent(rec, api.Event{Type: api.EventPartiallyApproved, Items: no, Note: "以下事项不予许可"})
		}
		return nil
	})
	return err
}

// itemDept is the catalog code of the department deciding an
// application's item ("" if the catalog no longer has it).
func (s *Server) itemDept(rec *appRecord, code string) string {
	if it, ok := s.ref.itemOf(rec.Industry, code); ok {
		return it.Dept.Code
	}
	return ""
}

// visible reports whether a may see rec: window staff and admins see every
// application, department staff those with an item of their department.
func (s *Server) visible(a *actor, rec *appRecord) bool {
	if a.window(s) {
		return true
	}
	for _, it := range rec.Items {
		if s.itemDept(rec, it.Code) == a.Department {
			return true
		}
	}
	return false
}

// itemDepartment is the department an application's item was filed with.
func itemDepartment(rec *appRecord, code string) string {
	for _, it := range rec.Items {
		if it.Code == code {
			return it.Department
		}
	}
	return ""
}

func codes(items []api.ItemStatus) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Code)
	}
	return out
}

// Advance performs one auto-advance pass: every application idle for at
// least idle moves one step (accept → joint inspection → approve all items
// once the visit time has passed → issue the license); corrections wait for
// the applicant; unanswered consultation questions get an automatic reply.
// It is exported so tests drive it with a clock.
func (s *Server) Advance(ctx context.Context, idle time.Duration) error {
	if !actorFrom(ctx).window(s) {
		return errForbidden
	}
	recs, err := s.listApps(ctx, "")
	if err != nil {
		return err
	}
	now := s.now()
	for _, rec := range recs {
		if now.Sub(rec.UpdatedAt) < idle {
			continue
		}
		var err error
		switch rec.Status {
		case api.StatusSubmitted:
			err = s.Accept(ctx, rec.ID, "自动受理（演示）")
		case api.StatusAccepted:
			if !inspects(rec.Kind) {
				err = s.approveOpen(ctx, rec)
				break
			}
			_, err = s.ScheduleInspection(ctx, rec.ID, InspectionSpec{At: now.Add(idle), Note: "自动安排联合核查（演示）"})
		case api.StatusInspectionScheduled:
			if rec.Inspection != nil && now.Before(rec.Inspection.ScheduledAt) {
				continue
			}
			err = s.approveOpen(ctx, rec)
		case api.StatusApproved, api.StatusPartiallyApproved:
			// Filings count for nothing: they are never on the license.
			if s.canIssue(rec) {
				_, err = s.IssueLicense(ctx, rec.ID)
			}
		}
		if err != nil {
			s.log.Warn("auto-advance", "app", rec.ID, "err", err)
		}
	}
	return s.autoReply(ctx, now.Add(-idle))
}

// inspects reports whether auto-advance schedules a joint inspection for
// an application of a kind: new premises or new items are checked on
// site; a renewal, an update or a cancellation goes to the decisions.
func inspects(kind string) bool {
	return kind == "" || kind == api.KindNew || kind == api.KindAddItems || kind == api.KindChange
}

// approveOpen approves every item of rec still open (auto-advance).
func (s *Server) approveOpen(ctx context.Context, rec *appRecord) error {
	for _, it := range rec.Items {
		if it.Status == api.ItemAccepted || it.Status == api.ItemInspectionScheduled {
			if err := s.ApproveItem(ctx, rec.ID, it.Code, ApproveSpec{}); err != nil {
				return err
			}
		}
	}
	return nil
}

// autoReply answers, for demos, every consultation thread (an
// application's, a license's or the general one) whose last message is an
// applicant's question asked before cutoff.
func (s *Server) autoReply(ctx context.Context, cutoff time.Time) error {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT m.owner, m.app_id, m.license_number FROM portal_messages m
		WHERE m.sender = 'applicant' AND m.at <= ? AND NOT EXISTS (SELECT 1 FROM portal_messages r
			WHERE r.owner = m.owner AND r.app_id = m.app_id AND r.license_number = m.license_number
			AND r.sender = 'staff' AND r.rowid > m.rowid)`, cutoff.Unix())
	if err != nil {
		return err
	}
	type thread struct{ owner, app, number string }
	var todo []thread
	for rows.Next() {
		var t thread
		if err := rows.Scan(&t.owner, &t.app, &t.number); err != nil {
			rows.Close()
			return err
		}
		todo = append(todo, t)
	}
	rows.Close()
	for _, t := range todo {
		if _, err := s.Reply(ctx, t.owner, t.app, t.number, "", "您好，已收到您的咨询，工作人员将在 1 个工作日内答复。（演示自动答复）"); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Server) autoAdvance(ctx context.Context) {
	defer s.wg.Done()
	tick := min(max(s.opts.AutoAdvance/4, 100*time.Millisecond), 5*time.Second)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Advance(context.WithValue(ctx, ctxSystem, "auto-advance"), s.opts.AutoAdvance); err != nil && ctx.Err() == nil {
				s.log.Warn("auto-advance", "err", err)
			}
		}
	}
}
