package i18n

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// NewForm is widget.NewForm with translated Submit/Cancel buttons
// (Fyne 2.8.1 hard-codes them in English).
func NewForm(items ...*widget.FormItem) *widget.Form {
	f := widget.NewForm(items...)
	LocalizeForm(f)
	return f
}

// LocalizeForm sets a form's button texts in the current language; use it
// for forms built as struct literals. Call before the form is shown.
func LocalizeForm(f *widget.Form) {
	f.SubmitText = lang.X("form.submit", "提交")
	f.CancelText = lang.X("form.cancel", "取消")
	f.Refresh()
}

// NewSelect is widget.NewSelect with a translated placeholder
// (Fyne's default is "(Select one)").
func NewSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = lang.X("select.placeholder", "（请选择）")
	return s
}

// NewConfirm is a confirm dialog with 确定/取消 buttons (Fyne's confirm
// dialog says Yes/No, which reads oddly in government Chinese).
func NewConfirm(title, message string, onResult func(bool), parent fyne.Window) *dialog.ConfirmDialog {
	return dialog.NewCustomConfirm(title, lang.X("confirm.ok", "确定"), lang.X("confirm.cancel", "取消"),
		widget.NewLabel(message), onResult, parent)
}
