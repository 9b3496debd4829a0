package api

import (
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type schema struct {
	Ref        string             `yaml:"$ref"`
	Properties map[string]*schema `yaml:"properties"`
	Required   []string           `yaml:"required"`
	AllOf      []*schema          `yaml:"allOf"`
}

type spec struct {
	Paths      map[string]any `yaml:"paths"`
	Components struct {
		Schemas map[string]*schema `yaml:"schemas"`
	} `yaml:"components"`
}

func loadSpec(t *testing.T) *spec {
	t.Helper()
	b, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var s spec
	if err := yaml.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// flatten merges allOf members and resolves their $refs.
func (s *spec) flatten(sc *schema) (props, required []string) {
	if sc.Ref != "" {
		return s.flatten(s.Components.Schemas[strings.TrimPrefix(sc.Ref, "#/components/schemas/")])
	}
	for k := range sc.Properties {
		props = append(props, k)
	}
	required = append(required, sc.Required...)
	for _, m := range sc.AllOf {
		p, r := s.flatten(m)
		props, required = append(props, p...), append(required, r...)
	}
	sort.Strings(props)
	sort.Strings(required)
	return props, required
}

// jsonFields lists a struct's JSON names (embedded structs flattened) and
// those without omitempty (always present, so required in the schema).
func jsonFields(t reflect.Type) (all, always []string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			a, b := jsonFields(f.Type)
			all, always = append(all, a...), append(always, b...)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		all = append(all, name)
		if !strings.Contains(opts, "omitempty") {
			always = append(always, name)
		}
	}
	sort.Strings(all)
	sort.Strings(always)
	return all, always
}

// TestSchemasMatchGoTypes keeps the wire types and openapi.yaml in step:
// same property names, and required exactly where Go always sends a field.
func TestSchemasMatchGoTypes(t *testing.T) {
	s := loadSpec(t)
	types := map[string]any{
		"Error": Error{}, "CodeRequest": CodeRequest{}, "CodeSent": CodeSent{}, "LoginRequest": LoginRequest{},
		"RefreshRequest": RefreshRequest{}, "TokenPair": TokenPair{}, "Account": Account{}, "Enterprise": Enterprise{},
		"Subject": Subject{}, "MaterialRef": MaterialRef{}, "ApplicationRequest": ApplicationRequest{},
		"ItemStatus": ItemStatus{}, "FieldNote": FieldNote{}, "MaterialNote": MaterialNote{}, "Correction": Correction{},
		"CorrectionAnswer": CorrectionAnswer{}, "Inspection": Inspection{}, "Event": Event{},
		"ApplicationSummary": ApplicationSummary{}, "Application": Application{}, "ApplicationList": ApplicationList{},
		"LicenseItem": LicenseItem{}, "UnlicensedItem": UnlicensedItem{}, "License": License{}, "LicenseList": LicenseList{},
		"VerifyRequest": VerifyRequest{}, "Verification": Verification{}, "MessageRequest": MessageRequest{},
		"Message": Message{}, "MessageList": MessageList{}, "StaffAction": StaffAction{}, "Agent": Agent{},
		"FilingReport": FilingReport{}, "Filing": Filing{}, "LicenseEvent": LicenseEvent{}, "MessageAttachment": MessageAttachment{},
	}
	for name, v := range types {
		sc, ok := s.Components.Schemas[name]
		if !ok {
			t.Errorf("schema %s missing from openapi.yaml", name)
			continue
		}
		props, req := s.flatten(sc)
		all, always := jsonFields(reflect.TypeOf(v))
		if !slices.Equal(props, all) {
			t.Errorf("%s: openapi properties %v, Go JSON fields %v", name, props, all)
		}
		if !slices.Equal(req, always) {
			t.Errorf("%s: openapi required %v, Go always-present fields %v", name, req, always)
		}
	}
}

func TestPathsInSpec(t *testing.T) {
	s := loadSpec(t)
	for _, p := range []string{PathAuthCode, PathAuthLogin, PathAuthRefresh, PathAuthLogout, PathMe, PathCatalogBundle,
		PathEnterprises + "{uscc}", PathUploads, PathUploads + "/{uploadId}", PathApplications,
		PathApplications + "/{applicationId}", PathApplications + "/{applicationId}/corrections/{correctionId}/answer",
		PathLicenses, PathLicenses + "/{number}", PathVerify, PathVerify + "/{number}", PathMessages, "/V/{number}",
		PathAdmin + "/applications", PathAdmin + "/messages", PathAdmin + "/advance",
		PathApplications + "/{applicationId}/filings/{code}", PathAdmin + "/licenses/{number}/items/{code}/end"} {
		if _, ok := s.Paths[p]; !ok {
			t.Errorf("path %s not in openapi.yaml", p)
		}
	}
}
