//go:build !ci

package main

// headless: the ci (test) driver; see wireServices.
const headless = false
