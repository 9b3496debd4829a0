// Package api holds the wire types of the Yiye portal contract
// (client/openapi.yaml), shared by the reference portal (portal/) and the
// client (client/). Field names and JSON tags mirror the OpenAPI schemas;
// they are only ever extended, never renamed.
package api

import (
	"strings"
	"time"
)

// Paths and headers of the contract. All JSON endpoints live under PathPrefix.
const (
	PathPrefix = "/api/v1"

	PathAuthCode    = PathPrefix + "/auth/code"    // POST CodeRequest → 202
	PathAuthLogin   = PathPrefix + "/auth/login"   // POST LoginRequest → TokenPair
	PathAuthRefresh = PathPrefix + "/auth/refresh" // POST RefreshRequest → TokenPair
	PathMe          = PathPrefix + "/me"           // GET → Account
	PathAuthLogout  = PathPrefix + "/auth/logout"  // POST RefreshRequest (Bearer) → 204; both tokens stop working

	PathCatalogBundle = PathPrefix + "/catalog/bundle" // GET signed bundle (ETag / If-None-Match)
	PathEnterprises   = PathPrefix + "/enterprises/"   // GET {uscc} → Enterprise
	PathUploads       = PathPrefix + "/uploads"        // tus 1.0 (core, creation, termination): POST here, then HEAD/PATCH/DELETE Location
	PathApplications  = PathPrefix + "/applications"   // POST (Idempotency-Key) / GET list; /{id}; /{id}/corrections/{cid}/answer; PUT /{id}/filings/{code}
	PathLicenses      = PathPrefix + "/licenses"       // GET list; /{number}
	PathVerify        = PathPrefix + "/verify"         // GET /{number} (public); POST VerifyRequest (public)
	PathMessages      = PathPrefix + "/messages"       // GET / POST consultation messages
	PathVerifyPage    = "/v/"                          // public HTML page for phones: /v/{number}; the QR payload starts with it

	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderReplayed       = "Idempotent-Replayed" // "true" when a stored response is replayed

	// MediaTypeBundle is the content type of the signed catalog bundle.
	MediaTypeBundle = "application/vnd.yiye.catalog-bundle+json"
)

// Upload-Metadata keys (tus creation). MetaSHA256 is required: the lowercase
// hex SHA-256 of the whole file, checked by the server when the last byte
// arrives; a mismatching upload is rejected (HTTP 460) and can never be
// referenced by an application.
const (
	MetaFilename = "filename"
	MetaFiletype = "filetype"
	MetaSHA256   = "sha256"
	MetaMaterial = "material" // optional: the material ID this file is for
)

// StatusChecksumMismatch is the HTTP status of the final PATCH when the
// file's SHA-256 differs from the declared one (tus checksum extension's code).
const StatusChecksumMismatch = 460

// Error is the body of every 4xx/5xx JSON answer.
type Error struct {
	Code      string   `json:"code"`             // stable, e.g. "auth.invalid_code"
	MessageZH string   `json:"message_zh"`       // for the applicant, Chinese
	MessageEN string   `json:"message_en"`       // the same in English
	Fields    []string `json:"fields,omitempty"` // offending form field keys, if any
}

// ---- auth ----

// CodeRequest asks for a one-time code sent to the phone (the reference
// portal writes it to its log).
type CodeRequest struct {
	Phone string `json:"phone"`
}

// CodeSent answers CodeRequest.
type CodeSent struct {
	ExpiresIn int `json:"expires_in"` // seconds
	// ResendAfter is how many seconds the client should wait before asking again.
	ResendAfter int `json:"resend_after"`
}

// LoginRequest exchanges phone + one-time code for tokens.
type LoginRequest struct {
	Phone string `json:"phone"`
	Code  string `json:"code"`
}

// RefreshRequest exchanges a refresh token for a new pair; the old refresh
// token stops working (rotation).
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// TokenPair is issued by login and refresh. Send the access token as
// "Authorization: Bearer <access_token>".
type TokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"` // "Bearer"
	ExpiresIn    int    `json:"expires_in"` // access token lifetime, seconds
}

// Account is the signed-in applicant.
type Account struct {
	Phone string `json:"phone"`
	Name  string `json:"name,omitempty"`
}

// ---- enterprise lookup (智慧填表) ----

// Enterprise is a registered market entity, for pre-filling forms.
type Enterprise struct {
	USCC          string `json:"uscc"`
	Name          string `json:"name"`
	EntityType    string `json:"entity_type"` // e.g. 个体工商户, 有限责任公司
	LegalRep      string `json:"legal_rep"`
	Address       string `json:"address"`
	BusinessScope string `json:"business_scope"`
	RegisteredOn  string `json:"registered_on"` // YYYY-MM-DD
}

// ---- applications ----

// Subject is the applying entity, as printed on the license.
type Subject struct {
	USCC       string `json:"uscc"`
	Name       string `json:"name"`
	LegalRep   string `json:"legal_rep"`
	Address    string `json:"address"`            // 住所, the registered address
	Premises   string `json:"premises,omitempty"` // 经营场所, where the business operates
	EntityType string `json:"entity_type,omitempty"`
	Phone      string `json:"phone,omitempty"` // contact mobile
}

// Place is where the business operates: the premises, else the
// registered address (requests made before premises were sent).
func (s Subject) Place() string {
	if s.Premises != "" {
		return s.Premises
	}
	return s.Address
}

// MaterialRef binds a material slot to a finished, verified upload.
type MaterialRef struct {
	MaterialID string `json:"material_id"`
	UploadID   string `json:"upload_id"`
	SHA256     string `json:"sha256"` // must equal the upload's verified SHA-256
	Filename   string `json:"filename,omitempty"`
}

// Application kinds: a first application, and the procedures on an
// issued license (一码联动). Every kind but KindNew names the license it
// concerns (ApplicationRequest.ForLicense).
const (
	KindNew          = "new"          // a first application (the default)
	KindAddItems     = "add_items"    // 换发: add items refused before or newly needed; a new license replaces the old
	KindChange       = "change"       // 变更: name, legal representative or premises change; a new license replaces the old
	KindUpdate       = "update"       // other details change: the license's QR gets a new revision, the license stays
	KindRenewal      = "renewal"      // 延续: items with a validity are renewed; a new license replaces the old
	KindCancellation = "cancellation" // 注销: the license and its items are cancelled
)

// ApplicationRequest creates an application. Send it with an
// Idempotency-Key header: the same key with the same body returns the same
// application; the same key with another body is refused (422).
//
// Kind says what the application is for (KindNew when empty). For the
// other kinds ForLicense names the applicant's license it concerns and
// Items are: the items to add (KindAddItems), the item certificates the
// change or update concerns (KindChange: every item of the license;
// KindUpdate: at least one), the items to renew (KindRenewal), every item
// of the license (KindCancellation). Subject carries the values after a
// change (KindChange): what differs from the license is what changes.
type ApplicationRequest struct {
	Kind       string         `json:"kind,omitempty"`        // KindNew (default), KindAddItems, ...
	ForLicense string         `json:"for_license,omitempty"` // the license concerned (every kind but KindNew)
	Industry   string         `json:"industry"`              // industry code, e.g. convenience-store
	Items      []string       `json:"items"`                 // approval item codes, e.g. SPJY
	Subject    Subject        `json:"subject"`
	Form       map[string]any `json:"form"`              // merged form: field key → value
	Answers    map[string]any `json:"answers,omitempty"` // questionnaire: question key → answer
	Materials  []MaterialRef  `json:"materials"`
	ClientRef  string         `json:"client_ref,omitempty"` // the client's draft ID, echoed back
	Agent      *Agent         `json:"agent,omitempty"`      // set when filed on the applicant's behalf
}

// Agent records assisted filing (帮办代办, 委托办理): who filed on the
// applicant's behalf and under what authorisation (委托). The authorisation
// letter (授权委托书) is uploaded like any material; LetterMaterialID names
// its entry in the request's materials.
//
// In the applicant API's answers IDNumber is masked (first 6 and last 4
// characters kept); staff see it in full.
type Agent struct {
	AgentName        string     `json:"agent_name"`
	IDType           string     `json:"id_type,omitempty"` // legal_rep_id_type option; "" = resident_id (居民身份证)
	IDNumber         string     `json:"id_number"`
	Mobile           string     `json:"mobile,omitempty"`
	Principal        string     `json:"principal,omitempty"` // 委托人: the applicant or business authorising
	Scope            string     `json:"scope,omitempty"`     // 委托事项
	StaffID          string     `json:"staff_id,omitempty"`  // staff member who checked letter and IDs (at a kiosk)
	RecordedAt       *time.Time `json:"recorded_at,omitempty"`
	LetterMaterialID string     `json:"letter_material_id"` // e.g. proxy_authorization
}

// Application status values.
const (
	StatusSubmitted           = "submitted"
	StatusAccepted            = "accepted"
	StatusCorrectionRequested = "correction_requested"
	StatusInspectionScheduled = "inspection_scheduled"
	StatusApproved            = "approved"
	StatusPartiallyApproved   = "partially_approved"
	StatusRejected            = "rejected"
	StatusLicensed            = "licensed"
	// StatusCompleted: an application that issues no license is done (a
	// license's QR updated, or the license cancelled).
	StatusCompleted = "completed"
)

// Item status values.
const (
	ItemPending             = "pending"
	ItemAccepted            = "accepted"
	ItemCorrectionRequested = "correction_requested"
	ItemInspectionScheduled = "inspection_scheduled"
	ItemApproved            = "approved"
	ItemRejected            = "rejected"
)

// Timeline event types.
const (
	EventSubmitted           = "submitted"
	EventAccepted            = "accepted"
	EventCorrectionRequested = "correction_requested"
	EventCorrectionAnswered  = "correction_answered"
	EventInspectionScheduled = "inspection_scheduled"
	EventItemApproved        = "item_approved"
	EventItemRejected        = "item_rejected"
	EventApproved            = "approved"
	EventPartiallyApproved   = "partially_approved"
	EventRejected            = "rejected"
	EventLicenseIssued       = "license_issued"
	EventLicenseRevoked      = "license_revoked"
	EventLicenseReplaced     = "license_replaced"
	EventLicenseUpdated      = "license_updated"   // KindUpdate done: the license's QR has a new revision
	EventLicenseCancelled    = "license_cancelled" // KindCancellation done: the license is cancelled
	EventFilingReported      = "filing_reported"   // the applicant reported a filing (备案) done
	EventLicenseVoid         = "license_void"      // an item certificate of the license ended: the license is void
)

// ApplicationSummary is one row of "my applications".
type ApplicationSummary struct {
	ID             string       `json:"id"`
	Number         string       `json:"number"`                // 受理编号, shown to people
	Kind           string       `json:"kind,omitempty"`        // as requested; "" is KindNew
	ForLicense     string       `json:"for_license,omitempty"` // the license concerned (every kind but KindNew)
	Industry       string       `json:"industry"`
	SubjectName    string       `json:"subject_name"`
	Status         string       `json:"status"`
	Items          []ItemStatus `json:"items"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
	LicenseNumber  string       `json:"license_number,omitempty"`
	ClientRef      string       `json:"client_ref,omitempty"`
	OpenCorrection *Correction  `json:"open_correction,omitempty"`
}

// ApplicationList answers GET /applications (newest first).
type ApplicationList struct {
	Applications []ApplicationSummary `json:"applications"`
}

// ItemStatus is one approval item inside an application.
type ItemStatus struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Department    string `json:"department"`
	Status        string `json:"status"`
	CertificateNo string `json:"certificate_no,omitempty"` // once approved
	ValidUntil    string `json:"valid_until,omitempty"`    // YYYY-MM-DD, once approved
	Reason        string `json:"reason,omitempty"`         // once rejected
}

// Application is the full detail: items, timeline, open correction, inspection.
type Application struct {
	ApplicationSummary
	Subject    Subject        `json:"subject"`
	Form       map[string]any `json:"form"`
	Answers    map[string]any `json:"answers,omitempty"`
	Materials  []MaterialRef  `json:"materials"`
	Timeline   []Event        `json:"timeline"`
	Inspection *Inspection    `json:"inspection,omitempty"`
	Agent      *Agent         `json:"agent,omitempty"`   // assisted filing; id_number masked for applicants
	Filings    []Filing       `json:"filings,omitempty"` // filings (备案) the applicant reported done
}

// FilingReport tells the portal that the applicant made a filing (备案)
// of the application, e.g. the bookstore's hygiene filing after opening:
// PUT /applications/{id}/filings/{code}. Reporting again replaces the
// earlier report; the same report again changes nothing.
type FilingReport struct {
	FiledOn   string `json:"filed_on"`            // YYYY-MM-DD, not in the future
	Reference string `json:"reference,omitempty"` // receipt or filing number, if any
}

// Filing is a reported filing of an application.
type Filing struct {
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	FiledOn    string    `json:"filed_on"`
	Reference  string    `json:"reference,omitempty"`
	ReportedAt time.Time `json:"reported_at"`
}

// FieldNote names one form field that must be corrected.
type FieldNote struct {
	Key  string `json:"key"`
	Note string `json:"note,omitempty"`
}

// MaterialNote names one material that must be supplied again.
type MaterialNote struct {
	MaterialID string `json:"material_id"`
	Note       string `json:"note,omitempty"`
}

// Correction is a request to correct named fields and materials (补正).
type Correction struct {
	ID          string         `json:"id"`
	Department  string         `json:"department"`
	Items       []string       `json:"items"`
	Fields      []FieldNote    `json:"fields"`
	Materials   []MaterialNote `json:"materials"`
	Note        string         `json:"note,omitempty"`
	RequestedAt time.Time      `json:"requested_at"`
	AnsweredAt  *time.Time     `json:"answered_at,omitempty"`
}

// CorrectionAnswer answers a Correction: every named field must appear in
// Form and every named material in Materials.
type CorrectionAnswer struct {
	Form      map[string]any `json:"form"`
	Materials []MaterialRef  `json:"materials"`
	Note      string         `json:"note,omitempty"`
}

// Inspection is one joint on-site visit (一同核查) covering several items.
type Inspection struct {
	ID          string    `json:"id"`
	ScheduledAt time.Time `json:"scheduled_at"`
	Departments []string  `json:"departments"`
	Items       []string  `json:"items"`
	Address     string    `json:"address"`
	Note        string    `json:"note,omitempty"`
}

// Event is one timeline entry. Fields beyond Type/At are set when relevant.
type Event struct {
	Seq           int            `json:"seq"`
	At            time.Time      `json:"at"`
	Type          string         `json:"type"`
	Department    string         `json:"department,omitempty"`
	Items         []string       `json:"items,omitempty"`
	Note          string         `json:"note,omitempty"`
	Reason        string         `json:"reason,omitempty"`
	Fields        []FieldNote    `json:"fields,omitempty"`
	Materials     []MaterialNote `json:"materials,omitempty"`
	CorrectionID  string         `json:"correction_id,omitempty"`
	Inspection    *Inspection    `json:"inspection,omitempty"`
	LicenseNumber string         `json:"license_number,omitempty"`
}

// ---- licenses ----

// License status values.
const (
	LicenseValid    = "valid"
	LicenseRevoked  = "revoked"
	LicenseReplaced = "replaced"
	// LicenseVoid: an integrated item certificate ended (cancelled,
	// annulled, withdrawn or expired), so the license is void (作废).
	LicenseVoid = "void"
	// LicenseCancelled: cancelled at the holder's request (注销).
	LicenseCancelled = "cancelled"
	// LicenseTampered is a verification status only: the scanned payload's
	// signature fails, or it differs from the license on record.
	LicenseTampered = "tampered"
)

// Item certificate states on a license (LicenseItem.Status): valid, or
// ended, which voids the comprehensive license.
const (
	ItemValid     = "valid"
	ItemExpired   = "expired"   // 失效: its validity ended without renewal
	ItemCancelled = "cancelled" // 注销
	ItemAnnulled  = "annulled"  // 撤销
	ItemWithdrawn = "withdrawn" // 吊销
)

// LicenseItem is one integrated single-item license on the comprehensive license.
type LicenseItem struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	CertificateNo string `json:"certificate_no"`
	Department    string `json:"department"`
	ValidUntil    string `json:"valid_until"`          // YYYY-MM-DD; "" when it has no fixed or known validity
	Status        string `json:"status,omitempty"`     // ItemValid (also when empty) or how it ended
	EndedOn       string `json:"ended_on,omitempty"`   // YYYY-MM-DD, once ended
	EndReason     string `json:"end_reason,omitempty"` // once ended
}

// License history event types (LicenseEvent.Type).
const (
	HistoryIssued    = "issued"     // issued (Number; Replaces when it replaced another)
	HistoryUpdated   = "qr_updated" // the QR got Revision (details not printed changed)
	HistoryReplaced  = "replaced"   // replaced by Number
	HistoryItemEnded = "item_ended" // an item certificate ended (Items); the license is void
	HistoryCancelled = "cancelled"  // cancelled at the holder's request
	HistoryRevoked   = "revoked"    // revoked by the window
)

// LicenseEvent is one step in a license's life, oldest first.
type LicenseEvent struct {
	At            time.Time `json:"at"`
	Type          string    `json:"type"`
	Number        string    `json:"number,omitempty"`   // the new license (replaced) or this one (issued)
	Revision      int       `json:"revision,omitempty"` // qr_updated
	Items         []string  `json:"items,omitempty"`
	Note          string    `json:"note,omitempty"`
	ApplicationID string    `json:"application_id,omitempty"`
}

// UnlicensedItem is an applied-for item that was not granted.
type UnlicensedItem struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// License is the comprehensive industry license (行业综合许可证).
type License struct {
	Number        string           `json:"number"`
	ApplicationID string           `json:"application_id,omitempty"`
	HolderName    string           `json:"holder_name"`
	USCC          string           `json:"uscc"`
	LegalRep      string           `json:"legal_rep"`
	Address       string           `json:"address"`
	Industry      string           `json:"industry"`      // industry code
	IndustryName  string           `json:"industry_name"` // e.g. 便利店
	Items         []LicenseItem    `json:"items"`
	Unlicensed    []UnlicensedItem `json:"unlicensed,omitempty"`
	Issuer        string           `json:"issuer"`
	IssuedOn      string           `json:"issued_on"` // YYYY-MM-DD
	Status        string           `json:"status"`
	StatusReason  string           `json:"status_reason,omitempty"`
	ReplacedBy    string           `json:"replaced_by,omitempty"`
	Replaces      string           `json:"replaces,omitempty"`   // the license this one replaced (换发)
	Revision      int              `json:"revision"`             // the QR's revision, 1 when issued
	RevisedOn     string           `json:"revised_on,omitempty"` // YYYY-MM-DD of the current revision, after the first
	History       []LicenseEvent   `json:"history,omitempty"`    // oldest first
	QRPayload     string           `json:"qr_payload"`           // text to put in the QR; see package license
	VerifyURL     string           `json:"verify_url"`
}

// LicenseList answers GET /licenses.
type LicenseList struct {
	Licenses []License `json:"licenses"`
}

// VerifyRequest asks the portal to check a scanned QR payload.
type VerifyRequest struct {
	Payload string `json:"payload"`
}

// Verification is the public answer about one license: live status, and
// (for POST) whether the payload's signature and content match the record.
type Verification struct {
	Number         string        `json:"number"`
	Status         string        `json:"status"` // valid, revoked, replaced, void, cancelled, unknown; tampered (POST only)
	Valid          bool          `json:"valid"`
	SignatureValid *bool         `json:"signature_valid,omitempty"` // POST only
	MatchesRecord  *bool         `json:"matches_record,omitempty"`  // POST only: the payload is the record's current or an earlier revision
	Revision       int           `json:"revision,omitempty"`        // POST only: the scanned payload's revision
	LatestRevision int           `json:"latest_revision,omitempty"` // the record's current revision; more than Revision: a newer QR exists
	HolderName     string        `json:"holder_name,omitempty"`
	USCC           string        `json:"uscc,omitempty"`
	IndustryName   string        `json:"industry_name,omitempty"`
	Items          []LicenseItem `json:"items,omitempty"`
	Issuer         string        `json:"issuer,omitempty"`
	IssuedOn       string        `json:"issued_on,omitempty"`
	StatusReason   string        `json:"status_reason,omitempty"`
	ReplacedBy     string        `json:"replaced_by,omitempty"`
	CheckedAt      time.Time     `json:"checked_at"`
}

// ---- consultation (一线应答) ----

// MessageRequest sends a consultation message, about one application,
// one license, or neither. Send it with an Idempotency-Key header to have
// a retried message stored once.
type MessageRequest struct {
	ApplicationID string              `json:"application_id,omitempty"`
	LicenseNumber string              `json:"license_number,omitempty"`
	Text          string              `json:"text"`
	Attachments   []MessageAttachment `json:"attachments,omitempty"` // at most MaxMessageAttachments
}

// MaxMessageAttachments bounds the files of one message.
const MaxMessageAttachments = 5

// MessageAttachment is a file sent with a message: a finished, verified
// upload (tus) of the sender.
type MessageAttachment struct {
	UploadID string `json:"upload_id"`
	SHA256   string `json:"sha256"`
	Filename string `json:"filename,omitempty"`
}

// Message senders.
const (
	FromApplicant = "applicant"
	FromStaff     = "staff"
)

// Message is one consultation message; From is FromApplicant or FromStaff.
type Message struct {
	ID            string              `json:"id"`
	ApplicationID string              `json:"application_id,omitempty"`
	LicenseNumber string              `json:"license_number,omitempty"`
	From          string              `json:"from"`
	Department    string              `json:"department,omitempty"`
	Text          string              `json:"text"`
	Attachments   []MessageAttachment `json:"attachments,omitempty"`
	At            time.Time           `json:"at"`
}

// MessageList answers GET /messages (oldest first).
type MessageList struct {
	Messages []Message `json:"messages"`
}

// ---- back office (staff; HTTP Basic auth as user "staff") ----

// PathAdmin prefixes the staff API of the reference portal:
//
//	GET  /admin/applications                              → ApplicationList (all applicants)
//	GET  /admin/applications/{id}                         → Application
//	POST /admin/applications/{id}/accept                  StaffAction{Note}
//	POST /admin/applications/{id}/correction              StaffAction{Department, Items, Fields, Materials, Note} → Correction
//	POST /admin/applications/{id}/inspection              StaffAction{ScheduledAt, Items, Note} → Inspection
//	POST /admin/applications/{id}/items/{code}/approve    StaffAction{CertificateNo, ValidUntil}
//	POST /admin/applications/{id}/items/{code}/reject     StaffAction{Reason}
//	POST /admin/applications/{id}/issue                   → License
//	POST /admin/licenses/{number}/revoke                  StaffAction{Reason} → License
//	POST /admin/licenses/{number}/replace                 StaffAction{Reason} → the new License
//	POST /admin/licenses/{number}/items/{code}/end        StaffAction{ItemStatus, Reason} → License (void)
//	POST /admin/messages                                  StaffAction{Phone, ApplicationID or LicenseNumber, Text} → Message
//	POST /admin/advance                                   one auto-advance pass now → 204
const PathAdmin = PathPrefix + "/admin"

// StaffAction is the body of the back-office actions; each uses some fields.
type StaffAction struct {
	Note          string         `json:"note,omitempty"`
	Reason        string         `json:"reason,omitempty"`
	Department    string         `json:"department,omitempty"`
	Items         []string       `json:"items,omitempty"`
	Fields        []FieldNote    `json:"fields,omitempty"`
	Materials     []MaterialNote `json:"materials,omitempty"`
	ScheduledAt   *time.Time     `json:"scheduled_at,omitempty"`
	CertificateNo string         `json:"certificate_no,omitempty"`
	ValidUntil    string         `json:"valid_until,omitempty"`
	ApplicationID string         `json:"application_id,omitempty"`
	LicenseNumber string         `json:"license_number,omitempty"`
	Phone         string         `json:"phone,omitempty"`
	Text          string         `json:"text,omitempty"`
	ItemStatus    string         `json:"item_status,omitempty"` // items/{code}/end: ItemCancelled, ItemAnnulled or ItemWithdrawn
}

// MaskIDNumber is how the applicant API shows an agent's ID number: the
// first 6 (issuing area) and last 4 characters kept, the rest "*"; numbers
// of 10 characters or fewer keep only their last 2.
func MaskIDNumber(s string) string {
	r := []rune(s)
	switch {
	case len(r) > 10:
		return string(r[:6]) + strings.Repeat("*", len(r)-10) + string(r[len(r)-4:])
	case len(r) > 2:
		return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	}
	return strings.Repeat("*", len(r))
}
