# Scorecast — the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
WEB       := web
WASM      := $(WEB)/app.wasm
BIN       := bin/scorecast
ADDR      ?= :8080
DATA      ?= ./data
# MADV_FREE, not Go's default MADV_DONTNEED: a heap that shrinks and grows back keeps its
# pages instead of faulting them in again (figures in docs/performance.md).
# GODEBUG=madvdontneed=1 at run time undoes it.
SERVER_LDFLAGS := -X=runtime.godebugDefault=madvdontneed=0
# The brotli-compressed app.wasm must stay under this many bytes.
WASM_BUDGET_BR ?= 3670016

.PHONY: run build wasm server test unit e2e bench load vet fmt clean chromium axe screenshots

# load: the load harness (see e2e/load): N WebSocket clients, R events/s.
CLIENTS   ?= 1000
RATE      ?= 200
DURATION  ?= 20s
LOADFLAGS ?=

run: build
	$(BIN) --demo --addr $(ADDR) --data $(DATA) --web $(WEB)

build: wasm server

wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $(WASM) ./app/wasm
	$(GO) run ./server/cmd/precompress $(WASM)
	@size=$$(stat -c %s $(WASM).br); \
	if [ $$size -gt $(WASM_BUDGET_BR) ]; then echo "app.wasm.br is $$size B, over the budget of $(WASM_BUDGET_BR) B"; exit 1; fi

server:
	$(GO) build -trimpath -ldflags="$(SERVER_LDFLAGS)" -o $(BIN) ./server

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./shared/...

# test: vet, unit tests, then end-to-end tests against the built binary in
# headless Chromium (installed from Debian when missing).
test: vet unit chromium axe build e2e

unit:
	$(GO) test -count=1 -race ./scoring/... ./shared/... ./server/... ./app/...

e2e:
	SCORECAST_BIN=$(CURDIR)/$(BIN) SCORECAST_WEB=$(CURDIR)/$(WEB) $(GO) test -count=1 -timeout 12m ./e2e/...

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# axe: axe-core from the npm registry, for the accessibility check of every view.
axe:
	@if [ ! -f e2e/a11y/node_modules/axe-core/axe.min.js ]; then \
		echo "installing axe-core for the accessibility check"; \
		npm ci --prefix e2e/a11y --no-audit --no-fund >/dev/null; \
	fi

# bench: the engine's and the live path's benchmarks (figures go in issue notes).
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./scoring/...
	$(GO) test -run '^$$' -bench . -benchtime 200x ./server/live/...
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 20x ./server/projector/...
	SCORECAST_BIN=$(CURDIR)/$(BIN) SCORECAST_WEB=$(CURDIR)/$(WEB) $(GO) test -run '^$$' -bench LivePath -benchtime 2000x ./e2e/
	SCORECAST_BIN=$(CURDIR)/$(BIN) SCORECAST_WEB=$(CURDIR)/$(WEB) $(GO) test -run '^$$' -bench Throughput -benchtime 200x ./e2e/

load: build
	$(GO) run ./e2e/load -bin $(BIN) -web $(WEB) -clients $(CLIENTS) -rate $(RATE) -duration $(DURATION) -server-args "--ingest-rate 1000000" $(LOADFLAGS)

# screenshots: every view from the demo at 1920x1080 and 390x844 into docs/screenshots.
screenshots: build chromium
	SCORECAST_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots SCORECAST_SCREENSHOTS=$(CURDIR)/docs/screenshots SCORECAST_BIN=$(CURDIR)/$(BIN) SCORECAST_WEB=$(CURDIR)/$(WEB) $(GO) test -count=1 -timeout 15m -run '^(TestUIScreenshots|TestQuizzesBrowser)$$' ./e2e/

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin $(WASM) $(WASM).br $(WASM).gz
