// Package application holds the rules of one application, each once:
// what the catalog makes of a draft (its items, the consolidated notice and
// the merged form with the variants its industry uses), which materials are
// handed in as files, how far the draft is and whether it is ready to
// submit, how a newer catalog would change it, what is sent to the portal,
// and what is printed for signature.
//
// Screens, the runtime core and the command line call these functions;
// none of them re-derives a rule. The package has no state and no I/O: it
// works on a catalog and a draft (see package drafts for storage).
package application
