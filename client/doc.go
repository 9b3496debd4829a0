// Package client talks to the government service portal: the JSON API (on
// resty) described by openapi.yaml, tus 1.0 resumable uploads, the outbox
// that sends queued applications exactly once, status polling and catalog
// sync. It has no UI; errors meant for people are *usererr.Error with the
// codes in errors.go, the HTTP status and server message kept inside.
//
// How the app drives this package (no Fyne here; wrap widget updates from
// callbacks in fyne.Do):
//
//	db, _ := store.Open(paths.DatabaseFile(dir))
//	tokens, _ := client.OpenDBTokenStore(ctx, db)          // session survives restarts
//	c := client.New(client.Config{BaseURL: portalURL, Tokens: tokens})
//
//	// Login: phone + one-time code; later 401s refresh the session once.
//	c.RequestCode(ctx, phone)
//	err := c.Login(ctx, phone, code)                         // client.validation on a wrong code
//
//	// Submit via the outbox: works offline, sends exactly once.
//	ob, _ := client.OpenOutbox(ctx, db, c)
//	stop := ob.Subscribe(func(it client.Item) { ... })      // state, FilesDone/len(Files), BytesSent/BytesTotal, Err
//	ob.Start(ctx); defer ob.Stop()                           // background runner with backoff
//	id, _ := ob.Enqueue(ctx, client.Submission{Title: t, Request: req, Files: files})
//	ob.Pause(ctx, id); ob.Resume(ctx, id)                    // resume continues at the server's offset
//	ob.Retry(ctx, id)                                        // after login / fixing a file (ReplaceFile)
//	ob.Kick()                                                // e.g. when the network comes back
//
//	// Status: poll "my applications" and get per-item changes.
//	w, _ := client.OpenWatcher(ctx, db, c)
//	w.Subscribe(func(ch []client.StatusChange) { ... }); w.Start(ctx); defer w.Stop()
//
//	// Catalog: conditional GET of the signed bundle, pinned keys.
//	local, _ := catalog.OpenLocal(ctx, db)
//	s, _ := client.OpenSyncer(ctx, db, c, local, pinnedKeys)
//	res, err := s.Sync(ctx)                                  // client.bad_bundle: refused, local copy kept
//	key, _ := s.LicenseKey(ctx)                              // for license.VerifyText offline
//
// Errors meant for people are *usererr.Error with the Code* constants of
// this package; the HTTP status and the server's message stay inside
// (StatusOf, HTTPError).
package client
