package shell

import (
	_ "embed"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// fontLicence is the licence of the embedded Noto Sans SC subset (SIL OFL
// 1.1), which must travel with the font: a copy of
// assets/fonts/LICENSE-NotoSansCJK.txt.
//
//go:embed licenses/NotoSansSC-OFL.txt
var fontLicence string

// AboutText is the body of the About dialog: name, version, build and the
// licences of what is bundled.
func AboutText(version, build string) string {
	v, b := version, build
	if v == "" {
		v = "dev"
	}
	if b == "" {
		b = "-"
	}
	return fmt.Sprintf("%s\n%s\n\n%s",
		lang.X("app.name", "一业一证申请助手"),
		lang.X("about.version", "版本 {{.Version}}（构建 {{.Build}}）", map[string]string{"Version": v, "Build": b}),
		lang.X("about.licences", "本软件内置思源黑体（Noto Sans SC）字体子集，依 SIL 开放字体许可证 1.1（OFL）使用；界面基于 Fyne（BSD 3-Clause 许可证）。"))
}

// ShowAbout opens the About dialog.
func ShowAbout(a fyne.App, w fyne.Window, version, build string) dialog.Dialog {
	var icon fyne.CanvasObject = widget.NewLabel("")
	if r := a.Icon(); r != nil {
		img := canvas.NewImageFromResource(r)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(64))
		icon = img
	}
	text := widget.NewLabel(AboutText(version, build))
	text.Wrapping = fyne.TextWrapWord
	lic := widget.NewLabel(fontLicence)
	lic.Wrapping = fyne.TextWrapWord
	lic.Selectable = true
	licScroll := container.NewVScroll(lic)
	licScroll.SetMinSize(fyne.NewSize(480, 200))
	acc := widget.NewAccordion(widget.NewAccordionItem(lang.X("about.fontlicence", "字体许可证全文（OFL 1.1）"), licScroll))
	content := container.NewBorder(container.NewHBox(icon), acc, nil, nil, text)
	dlg := dialog.NewCustom(lang.X("about.title", "关于"), lang.X("confirm.ok", "确定"), content, w)
	dlg.Resize(fyne.NewSize(560, 420))
	dlg.Show()
	return dlg
}
