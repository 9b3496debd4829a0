package portal

import "github.com/naiman-yiye/yiye/forms"

// usccChars are the 31 characters of GB 32100-2015 (no I, O, Z, S, V).
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// validUSCC reports whether s is a unified social credit code in its stored
// form (upper case, half-width) with a correct GB 32100 check character.
// The check itself is forms.CheckUSCC, the project's public validator.
func validUSCC(s string) bool { return s == forms.NormalizeUSCC(s) && forms.CheckUSCC(s) == nil }
