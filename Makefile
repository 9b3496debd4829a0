# Yiye build entry points. Everything here is also a plain script, so the
# Makefile only names them.  `make help` lists the targets.
.PHONY: help build run demo test release linux windows portal icon version clean

help:
	@echo "make build    - GUI+CLI binary for this machine into dist/yiye"
	@echo "make run      - build and run (demo mode)"
	@echo "make test     - gofmt, vet, all tests headless under -race (scripts/test.sh)"
	@echo "make release  - every artefact Linux can build into dist/ with SHA256SUMS"
	@echo "make linux    - only the Linux tarball;  make windows - only the Windows exe/zip"
	@echo "make portal   - only the reference portal binaries (linux, windows)"
	@echo "make icon     - redraw assets/icon.png"
	@echo "make clean    - remove dist/"

build:
	bash -c '. scripts/deps.sh && ensure_debian_packages "$${FYNE_BUILD_PACKAGES[@]}"'
	go build -o dist/yiye ./cmd/yiye

run:
	bash scripts/run.sh

demo: run

test:
	bash scripts/test.sh

release:
	bash scripts/release.sh

linux:
	bash scripts/release.sh linux

windows:
	bash scripts/release.sh windows

portal:
	bash scripts/release.sh portal

icon:
	go run ./assets/icons/gen -o assets/icon.png

version:
	@sed -n 's/^Version = "\(.*\)"$$/\1/p' FyneApp.toml

clean:
	rm -rf dist
