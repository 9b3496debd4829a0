package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCatalogListJSON(t *testing.T) {
	withDataDir(t)
	code, out, errs := runCLI(t, "catalog", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got catalogListJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Industries) != 15 || len(got.Items) != 12 || got.Version < 1 || len(got.Questions) == 0 {
		t.Fatalf("list: %d industries, %d items, version %d", len(got.Industries), len(got.Items), got.Version)
	}
	bookstore := got.Industries[14]
	if bookstore.Code != "bookstore" || bookstore.No != 15 || len(bookstore.Items) != 4 ||
		bookstore.Items[1].AnnexName != "公共卫生场所许可" || bookstore.Items[1].Code != "GGWS" {
		t.Errorf("bookstore: %+v", bookstore)
	}
	hotel := got.Industries[11]
	if hotel.Items[6].Mark != "按要求办理" || !hotel.Items[6].OnDemand || hotel.Items[0].Department != "公安局" {
		t.Errorf("hotel: %+v", hotel)
	}
	for _, it := range got.Items {
		if it.Kind != "备案" && it.CommittedDays*100 > it.LegalDays*40+50 {
			t.Errorf("%s committed %d legal %d", it.Code, it.CommittedDays, it.LegalDays)
		}
	}
}

func TestCatalogListText(t *testing.T) {
	withDataDir(t)
	code, out, errs := runCLI(t, "catalog", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"奈曼旗“一业一证”改革试点行业目录", " 1. 便利店  convenience-store", "15. 书店  bookstore",
		"YCLS  烟草专卖零售许可证核发（烟草专卖局）  [按需办理]", "SPDJ  食品生产经营登记 · 登记 · 20/8 ※", "sells_tobacco"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	if code, _, _ := runCLI(t, "catalog", "frob"); code != 2 {
		t.Errorf("unknown catalog subcommand: exit %d", code)
	}
	if code, _, _ := runCLI(t, "catalog", "list", "extra"); code != 2 {
		t.Errorf("extra args: exit %d", code)
	}
}
