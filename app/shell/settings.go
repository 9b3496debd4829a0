package shell

import (
	"net"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/usererr"
)

// Preference keys (fyne Preferences, stored in Fyne's per-app folder).
const (
	PrefPortalURL = "portal.url"
	PrefLanguage  = "ui.language"
	PrefTextSize  = "ui.textSize"
	// PrefBundleKey is the pinned catalog bundle key (base64, as printed by
	// yiye-portal); app/services reads it (services.PrefBundleKey).
	PrefBundleKey = "portal.bundleKey"
)

// Settings are the applicant's choices on the 设置 screen.
type Settings struct {
	// PortalURL is the 一网通办 portal base URL; "" = not configured.
	PortalURL string
	// BundleKey is the pinned portal signing key (base64); "" = none.
	BundleKey string
	Language  i18n.Language
	TextSize  theme.TextSize
}

// LoadSettings reads settings from p; missing values give the defaults
// (no portal, Chinese, standard text).
func LoadSettings(p fyne.Preferences) Settings {
	return Settings{
		PortalURL: p.String(PrefPortalURL),
		BundleKey: p.String(PrefBundleKey),
		Language:  i18n.ParseLanguage(p.StringWithFallback(PrefLanguage, string(i18n.Chinese))),
		TextSize:  theme.ParseTextSize(p.String(PrefTextSize)),
	}
}

// Save writes s to p.
func (s Settings) Save(p fyne.Preferences) {
	p.SetString(PrefPortalURL, s.PortalURL)
	p.SetString(PrefBundleKey, s.BundleKey)
	p.SetString(PrefLanguage, string(s.Language))
	p.SetString(PrefTextSize, s.TextSize.Key())
}

// NormalizePortalURL checks a portal address typed by a person and returns
// it without trailing slash. It must be https; plain http is accepted only
// for this computer (127.0.0.1, localhost), where the reference portal runs.
func NormalizePortalURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	bad := usererr.New("settings.portal_url",
		"门户地址无效：请填写以 https:// 开头的完整网址，如 https://zwfw.example.gov.cn",
		"Invalid portal address: enter a full https:// address, e.g. https://zwfw.example.gov.cn")
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", bad
	}
	host := u.Hostname()
	switch u.Scheme {
	case "https":
	case "http":
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return "", usererr.New("settings.portal_insecure",
				"门户地址必须使用 https://（只有本机测试地址可以用 http://）",
				"The portal address must use https:// (http:// is allowed only for this computer)")
		}
	default:
		return "", bad
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u.String(), nil
}

// ErrBadBundleKey: the typed portal signing key is not an Ed25519 public
// key in base64 (the same rule app/services applies when it reads it).
var ErrBadBundleKey = usererr.New("settings.bundle_key",
	"门户签名公钥格式不正确，请核对后重新填写（应为门户提供的 Base64 文本）。",
	"The portal signing key is malformed; check it and enter it again (the Base64 text the portal provides).")

// NormalizeBundleKey checks a portal signing key typed by a person and
// returns it trimmed; "" (no key pinned) is valid.
func NormalizeBundleKey(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	if _, err := bundle.ParsePublicKey(raw); err != nil {
		return "", ErrBadBundleKey.Wrap(err)
	}
	return raw, nil
}

// ApplySettings saves ns, applies theme and language at once (rebuilding
// the window when the language changed) and calls OnSettingsChanged.
func (s *Shell) ApplySettings(ns Settings) error {
	url, err := NormalizePortalURL(ns.PortalURL)
	if err != nil {
		return err
	}
	ns.PortalURL = url
	key, err := NormalizeBundleKey(ns.BundleKey)
	if err != nil {
		return err
	}
	ns.BundleKey = key
	old := s.settings
	s.settings = ns
	ns.Save(s.app.Preferences())
	if ns.TextSize != old.TextSize {
		s.applyTheme()
	}
	if ns.Language != old.Language {
		if err := i18n.Apply(ns.Language); err != nil {
			return err
		}
		id := ScreenSettings
		if s.current != nil {
			id = s.current.screen.ID
		}
		s.Rebuild(id)
	}
	if s.opts.OnSettingsChanged != nil {
		s.opts.OnSettingsChanged(old, ns)
	}
	return nil
}

func textSizeLabel(t theme.TextSize) string {
	switch t {
	case theme.TextLarge:
		return lang.X("textsize.large", "大")
	case theme.TextXLarge:
		return lang.X("textsize.xlarge", "特大")
	}
	return lang.X("textsize.standard", "标准")
}

// settingsView is the 设置 screen: language and text size apply the
// moment they are chosen; the portal's address and key are saved with
// their own button (they are checked first). Every hint wraps, so the
// screen fits the window in any language.
type settingsView struct {
	lang, size *widget.RadioGroup
	portal     *widget.Entry
	key        *widget.Entry
	savePortal *widget.Button
	root       fyne.CanvasObject
}

// buildSettings is the 设置 screen.
func buildSettings(ctx *Context) fyne.CanvasObject {
	sh := ctx.shell
	cur := sh.settings
	v := &settingsView{}
	sh.settingsView = v
	hint := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.LowImportance
		return l
	}
	heading := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	apply := func(ns Settings) {
		if err := sh.ApplySettings(ns); err != nil {
			sh.ToastError(usererr.Message(err, string(i18n.Current())))
		}
	}

	langNames := make([]string, len(i18n.Languages))
	for i, l := range i18n.Languages {
		langNames[i] = l.DisplayName()
	}
	v.lang = widget.NewRadioGroup(langNames, nil)
	v.lang.Horizontal = true
	v.lang.Required = true
	v.lang.Selected = cur.Language.DisplayName()
	v.lang.OnChanged = func(name string) {
		for i, n := range langNames {
			if n == name && i18n.Languages[i] != sh.settings.Language {
				ns := sh.settings
				ns.Language = i18n.Languages[i]
				apply(ns)
			}
		}
	}
	sizeNames := make([]string, len(theme.TextSizes))
	for i, t := range theme.TextSizes {
		sizeNames[i] = textSizeLabel(t)
	}
	v.size = widget.NewRadioGroup(sizeNames, nil)
	v.size.Horizontal = true
	v.size.Required = true
	v.size.Selected = textSizeLabel(cur.TextSize)
	v.size.OnChanged = func(name string) {
		for i, n := range sizeNames {
			if n == name && theme.TextSizes[i] != sh.settings.TextSize {
				ns := sh.settings
				ns.TextSize = theme.TextSizes[i]
				apply(ns)
			}
		}
	}
	parts := []fyne.CanvasObject{
		heading(lang.X("settings.language", "语言")), v.lang,
		hint(lang.X("settings.language.hint", "选择后界面立即切换。")),
		heading(lang.X("settings.textsize", "文字大小")), v.size,
		hint(lang.X("settings.textsize.hint", "选择后立即生效。")),
	}

	// On a kiosk the next applicant must find the portal as staff set it:
	// its address and key are not shown (staff change them outside kiosk mode).
	if !sh.opts.Kiosk {
		v.portal = widget.NewEntry()
		v.portal.SetPlaceHolder("https://")
		v.portal.SetText(cur.PortalURL)
		v.portal.Validator = func(s string) error {
			if _, err := NormalizePortalURL(s); err != nil {
				return errorIn(err)
			}
			return nil
		}
		v.key = widget.NewEntry()
		v.key.SetPlaceHolder(lang.X("settings.bundlekey.placeholder", "Base64 文本（44 个字符）"))
		v.key.SetText(cur.BundleKey)
		v.key.Validator = func(s string) error {
			if _, err := NormalizeBundleKey(s); err != nil {
				return errorIn(err)
			}
			return nil
		}
		v.savePortal = widget.NewButton(lang.X("settings.save", "保存门户设置"), func() {
			ns := sh.settings
			ns.PortalURL, ns.BundleKey = v.portal.Text, v.key.Text
			if sh.opts.Demo {
				ns.PortalURL = sh.settings.PortalURL // the demo portal is not saved
			}
			if err := sh.ApplySettings(ns); err != nil {
				sh.ToastError(usererr.Message(err, string(i18n.Current())))
				return
			}
			sh.Toast(lang.X("settings.saved", "设置已保存。"))
		})
		v.savePortal.Importance = widget.HighImportance
		if sh.opts.Demo {
			v.portal.SetText(sh.opts.DemoPortal)
			v.portal.Disable()
		}
		parts = append(parts, widget.NewSeparator(),
			heading(lang.X("settings.portal", "门户地址")), v.portal,
			hint(lang.X("settings.portal.hint", "由政务服务中心提供；演示模式下使用内置演示门户。")),
			heading(lang.X("settings.bundlekey", "门户签名公钥（可选）")), v.key,
			hint(lang.X("settings.bundlekey.hint", "由政务服务中心提供的门户公钥（Base64 文本）。填写后，本机可离线核验目录更新和电子许可证的真伪；没有可不填。")),
			container.NewHBox(v.savePortal))
	}

	dataDir := widget.NewLabel(sh.opts.DataDir)
	dataDir.Wrapping = fyne.TextWrapBreak
	dataDir.Selectable = true
	about := widget.NewButton(lang.X("about.title", "关于"), func() { ShowAbout(ctx.App, ctx.Window, sh.opts.Version, sh.opts.Build) })
	parts = append(parts, widget.NewSeparator(), heading(lang.X("settings.datadir", "数据保存位置")), dataDir,
		container.NewHBox(about))
	v.root = container.NewVScroll(container.NewPadded(container.NewVBox(parts...)))
	return v.root
}

// errorIn turns a user error into a plain error in the UI language (for
// Entry validation messages).
func errorIn(err error) error {
	return plainError(usererr.Message(err, string(i18n.Current())))
}

type plainError string

func (e plainError) Error() string { return string(e) }
