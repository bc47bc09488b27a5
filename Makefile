# papercheck: the commands the README gives. Each target installs what is missing first.
SHELL := /bin/bash
APT_PACKAGES := libpoppler-glib-dev libglib2.0-dev zlib1g-dev pkg-config python3 make
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SAMPLE := Fixtures/pdfs/icml_submission.pdf
CORPUS ?= ../shared/corpus
PROCEEDINGS ?= ../shared/proceedings
CORPUS_SKIP ?=

.PHONY: deps build release sample test attack corpus eval-language bench bench-instructions bench-serve embed schema broken-rules fixtures clean

## Install the system packages papercheck builds against (Debian/Ubuntu), only when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6 from swift.org first" >&2; exit 1; }

build: deps
	swift build

## The release binary: the Swift runtime and Foundation linked statically (see ./dev for the flags).
release: deps
	./dev release

## Check the bundled sample paper against the default profile (the ICML 2016 workshop).
sample:
	./dev sample

## Run the test suite.
test:
	./dev test

## Attack a batch with hostile inputs (Scripts/attack.sh): one result per input, no hang, no
## crash, exit codes as documented, inputs and devices untouched, nothing unescaped.
attack: build
	Scripts/attack.sh .build/debug/papercheck

## Score ../shared/corpus (default profile) and ../shared/proceedings (camera-ready profile, when
## present) against their EXPECTED.tsv; exit 0 only when every row of both holds.
corpus: release
	python3 Scripts/corpus.py .build/release/papercheck $(CORPUS) $(if $(CORPUS_SKIP),--skip $(CORPUS_SKIP))
	@if [ -f $(PROCEEDINGS)/EXPECTED.tsv ]; then \
	  python3 Scripts/corpus.py .build/release/papercheck $(PROCEEDINGS) --profile icml2016-camera-ready $(if $(CORPUS_SKIP),--skip $(CORPUS_SKIP)); \
	fi

## Benchmarks: per-file time against poppler-utils and aclpubcheck, batch throughput with 1 and 2
## workers, peak memory on long documents; prints a table and rewrites BENCHMARKS.md.
bench: release
	@for p in poppler-utils qpdf time; do dpkg -s $$p >/dev/null 2>&1 || { $(SUDO) apt-get update -qq; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$p; }; done
	@command -v aclpubcheck >/dev/null || python3 -m pip install --quiet aclpubcheck "bibtexparser<2" || echo "aclpubcheck could not be installed: its column stays empty"
	python3 Scripts/bench.py .build/release/papercheck $(CORPUS)

## Instructions per paper (valgrind's callgrind, repeatable where wall time is not): papercheck with
## its worker against pdftotext -bbox-layout plus pdffonts, on the proceedings and the corpus; rewrites
## its section of BENCHMARKS.md (make bench keeps that section). Takes about half an hour on 2 cores.
bench-instructions: release
	python3 Scripts/bench-instructions.py .build/release/papercheck --markdown BENCHMARKS.md

## The upload server under load (Scripts/load-test.py): 200 uploads, 16 at a time, 2 workers,
## with the release binary; rewrites its section of BENCHMARKS.md (make bench keeps that section).
bench-serve: release
	python3 Scripts/load-test.py .build/release/papercheck --markdown BENCHMARKS.md

## Language identification accuracy on held-out paragraphs, side by side with lingua (installs what it needs).
eval-language:
	Scripts/language/eval.sh

## Regenerate the rules embedded in the binary after editing rules.json.
embed:
	Scripts/embed-rules.sh

## Regenerate schemas/rules.schema.json from the check kinds (a test fails when the two differ).
schema: build
	.build/debug/papercheck rules schema > schemas/rules.schema.json.tmp && mv schemas/rules.schema.json.tmp schemas/rules.schema.json
	@echo "wrote schemas/rules.schema.json"

## Regenerate Fixtures/rules/broken (one rules file per mistake, with the expected errors) from rules.json.
broken-rules:
	Scripts/make-broken-rules.py

## Regenerate the fixture PDFs from their LaTeX sources (needs TeX Live, matplotlib, qpdf).
fixtures:
	Fixtures/generate.sh

clean:
	rm -rf .build
