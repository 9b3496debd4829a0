package main

// The kiosk's activity poll runs on its own ticker; the tests call
// PollActivity themselves where they need it.
func init() { kioskActivityPoll = -1 }
