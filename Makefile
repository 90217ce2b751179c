# Enrol Kiosk. `make run` and `make test` are the two set-up commands (README.md); each
# installs what is missing first.
SHELL := /bin/bash
GO    ?= go
BIN   := bin
FYNE  := $(GO) tool fyne
PKGS  := ./...
# A quiet, reproducible test environment: no user config or data is touched.
TESTENV := XDG_CONFIG_HOME=$(CURDIR)/.cache/test-config XDG_DATA_HOME=$(CURDIR)/.cache/test-data

.PHONY: deps modules build run demo test unit e2e bench lint package screenshot clean windows-deps windows test-windows

## deps: install the Debian packages the build and the tests need (idempotent)
deps:
	@./scripts/deps.sh

## modules: download the Go modules (go.sum pins them)
modules:
	@$(GO) mod download

## build: compile the three binaries into bin/
build: deps modules
	$(GO) build -o $(BIN)/ ./cmd/enrolkiosk ./cmd/enrolctl ./cmd/sandbox

## run: build and start the app in demo mode (in-process sandbox, test camera)
run: build
	./$(BIN)/enrolkiosk --demo

## test: vet, every unit and integration test with the race detector, then the Xvfb e2e run
test: deps modules lint unit e2e

unit:
	$(TESTENV) $(GO) test -race -count=1 -timeout 20m $(PKGS)
	@# A bounded fuzz run over damaged copies of a real database (the seeds run above).
	$(TESTENV) $(GO) test -run '^$$' -fuzz '^FuzzDamagedDatabase$$' -fuzztime 15s ./store/

## e2e: the real binaries under Xvfb, driven by xdotool
e2e: deps modules
	$(TESTENV) $(GO) test -count=1 -timeout 20m -tags e2e ./e2e/...

## bench: Go benchmarks and side-by-side runs against peer tools, in one run
bench: deps modules
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 60m $(PKGS)

## lint: gofmt, go vet (race mode: it shares the build cache with the unit tests) and deadcode
lint: deps modules
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$bad" ]; then echo "gofmt would change:"; echo "$$bad"; exit 1; fi
	$(GO) vet -race $(PKGS)
	$(GO) vet -race -tags e2e ./e2e/...
	@GO=$(GO) ./scripts/deadcode.sh

## package: a Linux release archive made by the fyne tool, plus the udev rule for Wacom STU pads
package: deps modules
	cd cmd/enrolkiosk && $(FYNE) package -os linux --release
	mkdir -p dist && mv cmd/enrolkiosk/*.tar.xz dist/
	./scripts/package-extras.sh dist/*.tar.xz

## screenshot: refresh docs/screenshot.png and the README's screens, docs/wizard-NN-name.png (English) and
## docs/wizard-es-NN-name.png (Spanish), from one whole enrolment per language in kiosk mode under Xvfb
screenshot: deps modules
	SCREENSHOT_DIR=$(CURDIR)/docs $(TESTENV) $(GO) test -count=1 -timeout 30m -tags e2e -run '^(TestSmoke|TestScreenshots)$$' ./e2e/...

## windows-deps: the mingw-w64 cross tool chain, Wine, osslsigncode, and libvpx and libjpeg-turbo built for
## mingw from Debian's source packages into .cache/windows (idempotent; warm runs skip it)
windows-deps:
	@./scripts/windows-deps.sh

## windows: the three programs for Windows in bin/windows, linked statically; the kiosk a GUI
## exe with icon and version resource, signed and verified when WINDOWS_SIGN_PKCS12 is set
windows: windows-deps modules
	@GO=$(GO) ./scripts/windows-build.sh $(BIN)/windows

## test-windows: make windows, then the programs under Wine: enrolctl against sandbox.exe,
## the kiosk's login screen under Xvfb, the Windows unit tests, a test signature
test-windows: windows
	WINDOWS_BIN=$(CURDIR)/$(BIN)/windows $(GO) test -count=1 -timeout 20m -tags windows_e2e ./e2e/windows/...

clean:
	rm -rf $(BIN) dist .cache
