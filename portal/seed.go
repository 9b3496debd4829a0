package portal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// Registry is the reference portal's small, clearly fictitious enterprise
// registry in Naiman Banner (area code 150525). Every code passes the
// GB 32100 check character and the GB 11714 check of its 9-character
// organisation code. None is a real entity.
var Registry = []api.Enterprise{
	{USCC: "92150525MA0R123448", Name: "示例便利店（演示）", EntityType: "个体工商户", LegalRep: "张明（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例街1号（演示）", BusinessScope: "预包装食品、散装食品销售；卷烟零售；日用百货销售",
		RegisteredOn: "2026-10-12"},
	{USCC: "92150525MA0R200101", Name: "示例小饭馆（演示）", EntityType: "个体工商户", LegalRep: "李华（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例路8号（演示）", BusinessScope: "餐饮服务", RegisteredOn: "2026-09-03"},
	{USCC: "91150525MA0R200291", Name: "奈曼旗示例超市有限公司（演示）", EntityType: "有限责任公司", LegalRep: "王芳（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例大街66号（演示）", BusinessScope: "食品销售；日用百货；卷烟零售；药品零售",
		RegisteredOn: "2026-08-20"},
	{USCC: "91150525MA0R20037U", Name: "奈曼旗示例宾馆有限公司（演示）", EntityType: "有限责任公司", LegalRep: "赵强（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例东街12号（演示）", BusinessScope: "住宿服务；餐饮服务", RegisteredOn: "2026-07-15"},
	{USCC: "92150525MA0R20045K", Name: "示例大药房（演示）", EntityType: "个体工商户", LegalRep: "刘洋（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例西街3号（演示）", BusinessScope: "药品零售；医疗器械销售", RegisteredOn: "2026-10-30"},
	{USCC: "92150525MA0R20053E", Name: "示例书屋（演示）", EntityType: "个体工商户", LegalRep: "陈静（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例南街20号（演示）", BusinessScope: "图书、报刊零售", RegisteredOn: "2026-11-02"},
	{USCC: "92150525MA0R200619", Name: "示例健身房（演示）", EntityType: "个体工商户", LegalRep: "孙磊（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例北街5号（演示）", BusinessScope: "健身服务；游泳服务", RegisteredOn: "2026-06-18"},
	{USCC: "92150525MA0R2007X1", Name: "示例面馆（演示）", EntityType: "个体工商户", LegalRep: "周平（演示）",
		Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例中街9号（演示）", BusinessScope: "餐饮服务", RegisteredOn: "2021-03-15"},
}

func (s *Server) seedRegistry(ctx context.Context) error {
	for _, e := range Registry {
		doc, _ := json.Marshal(e)
		if _, err := s.db.ExecContext(ctx, `INSERT INTO portal_enterprises(uscc, doc) VALUES (?, ?)
			ON CONFLICT(uscc) DO UPDATE SET doc = excluded.doc`, e.USCC, doc); err != nil {
			return err
		}
	}
	return nil
}

// demoApp is one demo application walked through the real workflow, so
// its timeline is genuine: items refused with a reason are rejected, the
// others approved, and the license issued on issuedAt (backdated for a
// license near its renewal) with the catalog's term counted from then.
type demoApp struct {
	key      string // fixed idempotency key: seeding once, resumable
	industry string
	items    []string
	answers  map[string]any
	subject  api.Enterprise
	reject   map[string]string
	issuedAt func(now time.Time) time.Time // nil: today
}

// demoApps are the demo applicant's licenses, so that demo mode shows
// every path after issue: the convenience store (valid), a gym whose
// high-risk sports item was refused (增加事项/换发), and a noodle shop whose
// food business license is inside its renewal window (延续).
func demoApps() []demoApp {
	return []demoApp{
		{key: demoKey, industry: "convenience-store", items: []string{"SPJY", "GGWS", "YCLS"}, subject: Registry[0]},
		{key: "demo-seed-gym", industry: "gym", items: []string{"GGWS", "GWTY", "XFJC"}, subject: Registry[6],
			answers:  map[string]any{"high_risk_sport": "true"},
			reject:   map[string]string{"GWTY": "救生员人数不够，社会体育指导人员证书未到岗（演示）"},
			issuedAt: func(now time.Time) time.Time { return now.AddDate(0, 0, -40) }},
		{key: "demo-seed-noodles", industry: "restaurant", items: []string{"SPJY", "XFJC"}, subject: Registry[7],
			// Five years less 70 days ago: the food business license ends in
			// 70 days, inside its renewal window (90 to 15 working days).
			issuedAt: func(now time.Time) time.Time { return now.AddDate(-5, 0, 71) }},
	}
}

// seedDemo creates the demo accounts and, once, the demo applicant's
// licensed applications (demoApps).
func (s *Server) seedDemo(ctx context.Context) error {
	for phone, name := range map[string]string{DemoPhone: "张明（演示）", DemoPhoneOther: "李华（演示）"} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO portal_accounts(phone, name, created_at) VALUES (?, ?, ?)
			ON CONFLICT(phone) DO NOTHING`, phone, name, s.now().Unix()); err != nil {
			return err
		}
	}
	base, err := s.demoRequest(ctx)
	if err != nil {
		return err
	}
	for _, d := range demoApps() {
		if err := s.seedApp(ctx, d, base); err != nil {
			return fmt.Errorf("portal: demo %s: %w", d.key, err)
		}
	}
	return nil
}

// seedApp creates (or resumes) one demo application and walks it to its license.
func (s *Server) seedApp(ctx context.Context, d demoApp, base *api.ApplicationRequest) error {
	req := *base
	if d.key != demoKey {
		e := d.subject
		req.Industry, req.Items, req.Answers, req.ClientRef = d.industry, d.items, d.answers, "demo-"+d.industry
		req.Subject = api.Subject{USCC: e.USCC, Name: e.Name, LegalRep: e.LegalRep, Address: e.Address, EntityType: e.EntityType, Phone: DemoPhone}
	}
	// Creating with a fixed idempotency key replays after the first start;
	// the steps below resume a seeding that a crash interrupted.
	rec, _, err := s.createApp(ctx, DemoPhone, d.key, &req)
	var ae *apiError
	if errors.As(err, &ae) && ae.body.Code == "idempotency.key_reused" {
		// Seeded by an older version with other demo data: keep that one.
		var id string
		if err = s.db.QueryRowContext(ctx, `SELECT app_id FROM portal_idempotency WHERE owner = ? AND key = ?`,
			DemoPhone, d.key).Scan(&id); err == nil {
			rec, err = loadApp(ctx, s.db, id)
		}
	}
	if err != nil {
		return err
	}
	if rec.Status == api.StatusSubmitted {
		if err := s.Accept(ctx, rec.ID, "演示数据"); err != nil {
			return err
		}
	}
	if rec, err = loadApp(ctx, s.db, rec.ID); err != nil {
		return err
	}
	if rec.Status == api.StatusAccepted {
		if _, err := s.ScheduleInspection(ctx, rec.ID, InspectionSpec{At: s.now(), Note: "演示数据：联合核查"}); err != nil {
			return err
		}
	}
	issued := s.now()
	if d.issuedAt != nil {
		issued = d.issuedAt(s.now())
	}
	if rec, err = loadApp(ctx, s.db, rec.ID); err != nil {
		return err
	}
	for _, it := range rec.Items {
		if it.Status != api.ItemInspectionScheduled {
			continue
		}
		if why, ok := d.reject[it.Code]; ok {
			err = s.RejectItem(ctx, rec.ID, it.Code, why)
		} else {
			spec := ApproveSpec{}
			if tr, _ := s.onLicense(rec, it.Code); tr.Item != nil {
				if until, ok := tr.Term().Until(issued.In(cst)); ok {
					spec.ValidUntil = until.Format(time.DateOnly)
				}
			}
			err = s.ApproveItem(ctx, rec.ID, it.Code, spec)
		}
		if err != nil {
			return err
		}
	}
	if rec, err = loadApp(ctx, s.db, rec.ID); err != nil {
		return err
	}
	if rec.Status != api.StatusApproved && rec.Status != api.StatusPartiallyApproved {
		return nil // licensed already (or changed by staff): leave it
	}
	if _, err := s.issue(ctx, rec.ID, issued); err != nil {
		return err
	}
	_, err = s.Reply(ctx, DemoPhone, rec.ID, "", "", "您好，您的行业综合许可证已发放，可在“我的证照”查看电子证照。（演示）")
	return err
}

// demoKey is the idempotency key of the seeded demo application.
const demoKey = "demo-seed-application"

// demoRequest registers the demo floor plan as a verified upload of the
// demo user and returns the demo application request.
func (s *Server) demoRequest(ctx context.Context) (*api.ApplicationRequest, error) {
	// A real (tiny) floor-plan file, registered as a verified upload of the demo user.
	content := []byte("示例便利店平面布局图（演示）\n")
	sum := sha256.Sum256(content)
	upID := "demo-floor-plan"
	path := filepath.Join(s.opts.DataDir, "uploads", upID)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO portal_uploads(id, owner, sha256, filename, filetype, material, size, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`, upID, DemoPhone, hex.EncodeToString(sum[:]),
		"平面布局图.txt", "text/plain", "floor-plan", len(content), uploadVerified, s.now().Unix()); err != nil {
		return nil, err
	}
	e := Registry[0]
	req := &api.ApplicationRequest{
		Industry: "convenience-store", Items: []string{"SPJY", "GGWS", "YCLS"},
		Subject: api.Subject{USCC: e.USCC, Name: e.Name, LegalRep: e.LegalRep, Address: e.Address, EntityType: e.EntityType, Phone: DemoPhone},
		Form:    map[string]any{"business_area": "60", "employees": "2"},
		Materials: []api.MaterialRef{{MaterialID: "floor-plan", UploadID: upID, SHA256: hex.EncodeToString(sum[:]),
			Filename: "平面布局图.txt"}},
		ClientRef: "demo",
	}
	return req, nil
}
