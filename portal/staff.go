package portal

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Staff accounts: one login per staff member, a role, and for department
// staff the catalog department whose items they decide. Passwords are kept
// as Argon2id hashes (golang.org/x/crypto, already used by the hand-over
// files) in PHC string form.

// Staff roles.
const (
	// RoleAdmin may do everything, in every department.
	RoleAdmin = "admin"
	// RoleDepartment decides the items of one catalog department; staff of
	// the window department (Options.WindowDepartment) also accept,
	// schedule the joint inspection, issue, revoke and replace licenses.
	RoleDepartment = "department"
)

// AdminUser is the administrator account Options.StaffPassword sets.
const AdminUser = "staff"

// StaffAccount is one staff member's login.
type StaffAccount struct {
	Username   string // 2–32 of a-z 0-9 . _ -
	Name       string // shown in the back office and the audit trail
	Role       string // RoleAdmin or RoleDepartment
	Department string // catalog department code (RoleDepartment)
	Disabled   bool
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// Argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

func hashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding.EncodeToString
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64(salt), b64(key)), nil
}

// checkPassword verifies pw against a PHC Argon2id string.
func checkPassword(encoded, pw string) bool {
	p, ok := parsePHC(encoded)
	if !ok {
		return false
	}
	key := argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

type phc struct {
	time, memory uint32
	threads      uint8
	salt, key    []byte
}

// parsePHC reads "$argon2id$v=19$m=..,t=..,p=..$salt$key" with bounded
// parameters (a stored hash must not make a check take minutes).
func parsePHC(s string) (phc, bool) {
	var p phc
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, false
	}
	var m, t, th uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil || n != 3 ||
		fmt.Sprintf("m=%d,t=%d,p=%d", m, t, th) != parts[3] {
		return p, false
	}
	if m < 8 || m > 1<<20 || t < 1 || t > 10 || th < 1 || th > 16 {
		return p, false
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(p.salt) < 8 || len(p.salt) > 64 {
		return p, false
	}
	if p.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 64 {
		return p, false
	}
	p.time, p.memory, p.threads = t, m, uint8(th)
	return p, true
}

// checkAccount validates an account against the catalog.
func (s *Server) checkAccount(a *StaffAccount) error {
	if !usernameRE.MatchString(a.Username) {
		return errf(422, "staff.bad_username", "用户名应为 2–32 位小写字母、数字或 . _ -。",
			"A username has 2–32 lower-case letters, digits or . _ -.", "username")
	}
	if !plainText(a.Name, 50) {
		return errf(422, "staff.bad_name", "姓名不能超过 50 个字。", "The name has at most 50 characters.", "name")
	}
	switch a.Role {
	case RoleAdmin:
		a.Department = ""
	case RoleDepartment:
		if s.ref.cat.Department(a.Department) == nil {
			return errf(422, "staff.bad_department", "目录中没有这个部门。", "No such department in the catalog.", "department")
		}
	default:
		return errf(422, "staff.bad_role", "角色应为管理员或部门工作人员。", "The role is admin or department.", "role")
	}
	return nil
}

const minPasswordLen = 4

// SetStaff creates or updates a staff account. An empty password keeps the
// current one; a new account needs one.
func (s *Server) SetStaff(ctx context.Context, a StaffAccount, password string) error {
	if err := s.checkAccount(&a); err != nil {
		return err
	}
	if a.Username == AdminUser && (a.Role != RoleAdmin || a.Disabled) {
		return errf(422, "staff.admin_kept", "管理员账号 staff 不能降级或停用。", "The staff admin account cannot be demoted or disabled.")
	}
	hash := ""
	if password != "" {
		if len([]rune(password)) < minPasswordLen {
			return errf(422, "staff.weak_password", fmt.Sprintf("密码至少 %d 位。", minPasswordLen),
				fmt.Sprintf("A password has at least %d characters.", minPasswordLen), "password")
		}
		var err error
		if hash, err = hashPassword(password); err != nil {
			return err
		}
	}
	return s.putStaff(ctx, a, hash)
}

// putStaff stores an account; hash "" keeps the stored one.
func (s *Server) putStaff(ctx context.Context, a StaffAccount, hash string) error {
	disabled := 0
	if a.Disabled {
		disabled = 1
	}
	res, err := s.db.ExecContext(ctx, `UPDATE portal_staff SET name = ?, role = ?, department = ?, disabled = ?,
		password_hash = CASE WHEN ? = '' THEN password_hash ELSE ? END WHERE username = ?`,
		a.Name, a.Role, a.Department, disabled, hash, hash, a.Username)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		if hash != "" || a.Disabled {
			// A new password or a disabled account ends its sessions.
			_, err = s.db.ExecContext(ctx, `DELETE FROM portal_staff_sessions WHERE username = ?`, a.Username)
		}
		return err
	}
	if hash == "" {
		return errf(422, "staff.password_required", "新账号需要设置密码。", "A new account needs a password.", "password")
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO portal_staff(username, name, role, department, password_hash, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.Username, a.Name, a.Role, a.Department, hash, disabled, s.now().Unix())
	return err
}

// StaffAccounts lists the accounts by username.
func (s *Server) StaffAccounts(ctx context.Context) ([]StaffAccount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT username, name, role, department, disabled FROM portal_staff ORDER BY username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StaffAccount
	for rows.Next() {
		var a StaffAccount
		if err := rows.Scan(&a.Username, &a.Name, &a.Role, &a.Department, &a.Disabled); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

type staffRow struct {
	StaffAccount
	hash string
}

func (s *Server) staffRow(ctx context.Context, username string) (*staffRow, error) {
	var r staffRow
	err := s.db.QueryRowContext(ctx, `SELECT username, name, role, department, disabled, password_hash FROM portal_staff
		WHERE username = ?`, username).Scan(&r.Username, &r.Name, &r.Role, &r.Department, &r.Disabled, &r.hash)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// setupStaff keeps the admin account's password as Options.StaffPassword
// says, and in demo mode seeds one account per catalog department.
func (s *Server) setupStaff(ctx context.Context) error {
	pw := s.opts.StaffPassword
	if pw == "" && s.opts.Demo {
		pw = "demo"
	}
	cur, err := s.staffRow(ctx, AdminUser)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if pw == "" && cur == nil {
		pw = randomToken(9)
		s.log.Info("back office password (user "+AdminUser+")", "password", pw)
	}
	s.opts.StaffPassword = pw
	admin := StaffAccount{Username: AdminUser, Name: "管理员", Role: RoleAdmin}
	hash := ""
	if pw != "" && (cur == nil || !checkPassword(cur.hash, pw) || cur.Role != RoleAdmin || cur.Disabled) {
		if hash, err = hashPassword(pw); err != nil {
			return err
		}
	}
	if cur == nil || hash != "" {
		if cur != nil {
			admin.Name = cur.Name
		}
		if err := s.putStaff(ctx, admin, hash); err != nil {
			return err
		}
	}
	if !s.opts.Demo {
		return nil
	}
	// Demo accounts share the password "demo" (documented; training only),
	// so one hash serves them all.
	demoHash := ""
	for _, d := range s.ref.cat.Departments {
		if _, err := s.staffRow(ctx, d.Code); err == nil {
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if demoHash == "" {
			if demoHash, err = hashPassword("demo"); err != nil {
				return err
			}
		}
		a := StaffAccount{Username: d.Code, Name: d.Short + "工作人员（演示）", Role: RoleDepartment, Department: d.Code}
		if err := s.putStaff(ctx, a, demoHash); err != nil {
			return err
		}
	}
	return nil
}

// credCache remembers recent successful password checks for Basic auth, so
// a script's every request does not cost an Argon2id run. Entries are
// keyed by an HMAC over user, password and the stored hash (a changed
// password never matches an old entry) and live a few minutes.
type credCache struct {
	mu  sync.Mutex
	key [32]byte
	m   map[[32]byte]time.Time
}

const credCacheTTL = 5 * time.Minute

func newCredCache() *credCache {
	c := &credCache{m: map[[32]byte]time.Time{}}
	if _, err := rand.Read(c.key[:]); err != nil {
		panic(err)
	}
	return c
}

func (c *credCache) id(user, pw, hash string) [32]byte {
	m := hmac.New(sha256.New, c.key[:])
	m.Write([]byte(user + "\x00" + pw + "\x00" + hash))
	var out [32]byte
	copy(out[:], m.Sum(nil))
	return out
}

func (c *credCache) ok(id [32]byte, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	exp, ok := c.m[id]
	return ok && now.Before(exp)
}

func (c *credCache) put(id [32]byte, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 1000 {
		clear(c.m)
	}
	c.m[id] = now.Add(credCacheTTL)
}

var errStaffLogin = errf(401, "staff.bad_login", "用户名或密码错误。", "Wrong username or password.")

// staffLogin checks a username and password, counting wrong ones against
// the account (lock-outs as for phone numbers) and the client address.
func (s *Server) staffLogin(ctx context.Context, username, pw, addr string) (*staffRow, error) {
	row, err := s.staffRow(ctx, username)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var id [32]byte
	if row != nil && !row.Disabled {
		id = s.creds.id(username, pw, row.hash)
		if s.creds.ok(id, time.Now()) {
			return row, nil
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ar, err := s.loadRate(ctx, tx, "fail:"+addr, s.opts.Limits.AddrFailuresPerHour, time.Hour)
	if err != nil {
		return nil, err
	}
	if full, _ := ar.full(s.now().Unix()); full {
		return nil, s.refuse(ctx, tx, ar, secAddrFailures, "staff:"+username, addr)
	}
	g, err := s.loadGuard(ctx, tx, "staff:"+username)
	if err != nil {
		return nil, err
	}
	if err := s.locked(g); err != nil {
		return nil, err
	}
	// Unknown users cost the same Argon2id run as known ones.
	hash := dummyHash()
	if row != nil {
		hash = row.hash
	}
	good := checkPassword(hash, pw) && row != nil && !row.Disabled
	if !good {
		ar.n++
		if err := ar.save(ctx, tx); err != nil {
			return nil, err
		}
		if kind := s.fail(g); kind != "" {
			if err := s.logSecurity(ctx, tx, kind, "staff:"+username, addr, "locked until "+
				time.Unix(g.lockedUntil, 0).In(cst).Format("2006-01-02 15:04")); err != nil {
				return nil, err
			}
		}
		if err := g.save(ctx, tx); err != nil {
			return nil, err
		}
		return nil, s.commitThen(tx, errStaffLogin)
	}
	if g.failures != 0 || g.lockouts != 0 {
		g.succeed()
		if err := g.save(ctx, tx); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.creds.put(id, time.Now())
	return row, nil
}

// dummyHash is checked for unknown users (fixed salt; it matches nothing).
var dummyHash = sync.OnceValue(func() string {
	key := argon2.IDKey([]byte("no such user"), []byte("yiye-dummy-salt!"), argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding.EncodeToString
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64([]byte("yiye-dummy-salt!")), b64(key))
})

// plainText: s is valid UTF-8 of at most n characters, without control
// characters other than line breaks and tabs.
func plainText(s string, n int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > n {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' })
}
